/**
 * The one-time move of a deployment made before the regional stacks, whose home stack's state
 * holds the other covered regions' services under `_<region>` names
 * (`aws_guardduty_detector.main_eu_west_1`), into the stacks `security-<env>-<region>`,
 * destroying nothing (`environments.<env>.regionalStacksMigration`, README "Regions"):
 * - the home stack forgets them: a `removed` block with `lifecycle { destroy = false }` for
 *   each (Terraform >= 1.7), through the region's old aliased provider, which stays configured
 *   while the switch is on (Terraform needs the provider a resource in state was created with);
 * - each regional stack imports them: an `import` block per resource with an ID AWS lets us
 *   build from the config (Security Hub account, standards subscriptions, Config recorder,
 *   channel and status, EBS default encryption, Access Analyzer) or the config names
 *   (the GuardDuty detector, `adopt.guardDutyDetectorIds`). GuardDuty's detector features have
 *   no import: they are created, which sets the feature as it already is (UpdateDetector).
 *
 * Why removed + import blocks rather than `terraform state rm` and `terraform import`: both
 * stacks say in their configuration what they do, `cdktf diff` shows it before anything
 * changes, and no state is edited by hand.
 */
import { TerraformResource, TerraformStack } from 'cdktf';
import { Partition, regionInfo } from '../config/regions';
import { RegionalBaseline } from '../security/regional-baseline';
import { STANDARD_PATHS, STANDARDS } from '../catalog/securityhub-standards';
import { regionAlias } from './provider';

/** What a regional stack's import IDs are built from besides its resources. */
export interface RegionalImport {
  /** The environment's account. */
  readonly accountId: string;
  /** The region's GuardDuty detector ID (`adopt.guardDutyDetectorIds.<region>`). */
  readonly detectorId: string;
}

/**
 * An `import` block for every resource of `baseline` that AWS can find from what the config
 * knows; IDs as the provider documents them (hashicorp/terraform-provider-aws,
 * website/docs/r/<resource>.html.markdown, "Import").
 */
export function importRegionalResources(baseline: RegionalBaseline, ids: RegionalImport): void {
  const { guardDuty, securityHub, awsConfig, ebsEncryption, accessAnalyzer } = baseline.services;
  const region = baseline.region;
  // A member of an organization has neither (the organization runs them): nothing of theirs to import.
  guardDuty?.detector.importFrom(ids.detectorId);
  // aws_securityhub_account: the account ID.
  securityHub?.account.importFrom(ids.accountId);
  // aws_securityhub_standards_subscription: arn:<partition>:securityhub:<region>:<account>:subscription/<standard>/v/<version>.
  const partition: Partition = regionInfo(region)?.partition ?? 'aws';
  for (const sub of securityHub?.subscriptions ?? []) {
    // The subscription's construct ID is its standard's resource name (SecurityHub, src/catalog/securityhub-standards.ts).
    const path = STANDARD_PATHS.find((p) => STANDARDS[p].resourceName === sub.node.id);
    if (path === undefined) throw new Error(`regionalStacksMigration: no standard with the resource name ${sub.node.id} in STANDARDS.`);
    sub.importFrom(`arn:${partition}:securityhub:${region}:${ids.accountId}:subscription/${path}`);
  }
  // Config recorder, delivery channel and recorder status: by name; none when another tool runs the recorder (managedElsewhere).
  const { recorder, recorderStatus, deliveryChannel } = awsConfig;
  if (recorder !== undefined && recorderStatus !== undefined && deliveryChannel !== undefined) {
    const name = recorder.nameInput;
    const channel = deliveryChannel.nameInput;
    if (name === undefined || channel === undefined)
      throw new Error(`regionalStacksMigration: the Config recorder of ${region} has no name.`);
    recorder.importFrom(name);
    recorderStatus.importFrom(name);
    deliveryChannel.importFrom(channel);
  }
  // aws_ebs_encryption_by_default: the literal "default" (one setting per account and region).
  ebsEncryption?.setting.importFrom('default');
  // aws_accessanalyzer_analyzer: its name.
  const analyzer = accessAnalyzer?.analyzer;
  if (analyzer?.analyzerNameInput !== undefined) analyzer.importFrom(analyzer.analyzerNameInput);
}

/** A regional stack's baseline, as the home stack's removed blocks name its resources. */
export interface MovedRegion {
  readonly region: string;
  readonly baseline: RegionalBaseline;
}

/**
 * The addresses the resources of `moved` had in the home stack before the regional stacks:
 * their names there (RegionScope) were the plain names with `_<region>` appended.
 */
export function previousAddresses(moved: MovedRegion): string[] {
  return moved.baseline.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}_${regionAlias(moved.region)}`);
}

/** `removed { from = <address>, lifecycle { destroy = false } }` in `home` for every resource that moved to a regional stack. */
export function forgetMovedResources(home: TerraformStack, moved: readonly MovedRegion[]): void {
  const removed = moved.flatMap(previousAddresses).map((from) => ({ from, lifecycle: { destroy: false } }));
  // cdktf has no construct for `removed`: an override of the stack's JSON (Terraform JSON syntax: a list of blocks).
  if (removed.length > 0) home.addOverride('removed', removed);
}
