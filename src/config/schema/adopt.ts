/**
 * `environments.<env>.adopt`: what already exists in the account, by the ID AWS knows it by.
 * Synth writes a Terraform `import` block for each, so that the first apply takes the resource
 * over instead of failing on "already exists" (one detector, hub, recorder, delivery channel per
 * account and region; one SERVICE cost monitor per account).
 *
 * `awsConfig.managedElsewhere`: the reason another tool (Control Tower) runs the account's AWS
 * Config recorder; the baseline then creates no recorder, status or delivery channel.
 */
import { z } from 'zod';
import { AWS_REGION_NAMES } from '../regions';
import { bool, doc, must, patterned, reason, strict, Immutable } from './common';
import { coveredRegions, RegionsSetting } from './regions';

/** `aws guardduty list-detectors` gives it: 32 lowercase hexadecimal characters. */
const GUARDDUTY_DETECTOR_ID = /^[0-9a-f]{32}$/;
/** AWS Config names a recorder or delivery channel with 1-256 characters; none that starts or ends blank. */
const CONFIG_NAME = /^\S(.{0,254}\S)?$/;
/** Access Analyzer's rule for analyzer names (src/security/access-analyzer.ts checks the same). */
const ANALYZER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,254}$/;
/** `arn:aws:ce::<account>:anomalymonitor/<uuid>` (Cost Explorer is global: no region); group 1 is the account. */
const ANOMALY_MONITOR_ARN = /^arn:aws[a-z-]*:ce::([0-9]{12}):anomalymonitor\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

/**
 * `arn:aws:securityhub:<region>:<account>:finding-aggregator/<uuid>` (hashicorp/aws docs of
 * aws_securityhub_finding_aggregator, "Import": by the ARN); group 1 is the region, group 2 the account.
 */
const FINDING_AGGREGATOR_ARN =
  /^arn:aws[a-z-]*:securityhub:([a-z0-9-]+):([0-9]{12}):finding-aggregator\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

/** A map from covered region to the existing resource's ID; the keys are checked against `regions` in adoptRefinement. */
function byRegion(value: z.ZodString, what: string) {
  return doc(
    z.record(z.string(), value, {
      error: (iss) => (iss.input === undefined ? undefined : must(`be an object from region name to ${what}`)),
    }),
    `Region name -> ${what}, for covered regions where it exists already.`,
  )
    .meta({ propertyNames: { enum: [...AWS_REGION_NAMES] } })
    .optional();
}

export const adoptSchema = strict({
  guardDutyDetectorIds: byRegion(
    patterned(
      GUARDDUTY_DETECTOR_ID,
      'be a GuardDuty detector ID: 32 lowercase hexadecimal characters (aws guardduty list-detectors --region <region>)',
    ),
    'the GuardDuty detector ID (aws guardduty list-detectors)',
  ),
  securityHub: doc(bool(), 'Security Hub is enabled in every covered region: import each hub (by the account ID).', false).optional(),
  configRecorderNames: byRegion(
    patterned(
      CONFIG_NAME,
      'be the name of an existing AWS Config recorder (aws configservice describe-configuration-recorders --region <region>)',
    ),
    'the AWS Config recorder name (aws configservice describe-configuration-recorders); the recorder and its status are imported and keep that name',
  ),
  configDeliveryChannelNames: byRegion(
    patterned(
      CONFIG_NAME,
      'be the name of an existing AWS Config delivery channel (aws configservice describe-delivery-channels --region <region>)',
    ),
    'the AWS Config delivery channel name (aws configservice describe-delivery-channels); imported, keeping that name',
  ),
  costAnomalyMonitorArn: doc(
    patterned(
      ANOMALY_MONITOR_ARN,
      'be a Cost Explorer anomaly monitor ARN such as arn:aws:ce::123456789012:anomalymonitor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d (aws ce get-anomaly-monitors)',
    ),
    "The account's existing DIMENSIONAL SERVICE anomaly monitor (AWS allows one per account): imported by its ARN.",
  ).optional(),
  accessAnalyzerNames: byRegion(
    patterned(
      ANALYZER_NAME,
      'be an IAM Access Analyzer name: 1-255 letters, digits, ".", "_" or "-", starting with a letter (aws accessanalyzer list-analyzers --region <region>)',
    ),
    'the IAM Access Analyzer name (aws accessanalyzer list-analyzers --type ACCOUNT); imported, keeping that name',
  ),
  findingAggregatorArn: doc(
    patterned(
      FINDING_AGGREGATOR_ARN,
      'be a Security Hub finding aggregator ARN such as arn:aws:securityhub:us-east-1:123456789012:finding-aggregator/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d (aws securityhub list-finding-aggregators)',
    ),
    "The account's existing Security Hub finding aggregator (one per account), in the home region: imported by its ARN. Only with other covered regions (the baseline creates the aggregator for them).",
  ).optional(),
  passwordPolicy: doc(
    bool(),
    'Import the IAM account password policy (creating it would only overwrite it; the import records the takeover).',
    false,
  ).optional(),
  ebsEncryption: doc(
    bool(),
    'Import EBS encryption by default in every covered region (creating it would only set it; the import records the takeover).',
    false,
  ).optional(),
});

export type AdoptConfig = Immutable<z.infer<typeof adoptSchema>>;

/** `awsConfig.managedElsewhere`: a reason, like every other switch of the config that leaves something out. */
export const managedElsewhereField = doc(
  reason('be the reason another tool runs the recorder, a sentence of at least 10 characters (e.g. "Control Tower runs the recorder")'),
  'Why this baseline creates no AWS Config recorder, recorder status or delivery channel in any covered region: another tool (Control Tower) runs them. The compliance report then asks you to set Config.1 to accept a recorder without the service-linked role.',
).optional();

/** The region-keyed fields of `adopt`. */
const REGIONAL_FIELDS = ['guardDutyDetectorIds', 'configRecorderNames', 'configDeliveryChannelNames', 'accessAnalyzerNames'] as const;

/** The AWS Config settings that mean nothing when no recorder is created. */
const RECORDER_SETTINGS = ['createServiceLinkedRole', 'snapshotDeliveryFrequency', 'includeGlobalResourceTypes'] as const;

/** The parts of an environment the adopt rules read. */
export interface AdoptingEnvironment {
  readonly accountId: string;
  readonly awsRegion: string;
  readonly regions?: RegionsSetting;
  readonly accountServicesOwner?: string;
  readonly adopt?: AdoptConfig;
  readonly awsConfig?: { readonly managedElsewhere?: string } & Partial<Record<(typeof RECORDER_SETTINGS)[number], unknown>>;
  readonly accountControls?: { readonly off?: Partial<Record<'passwordPolicy' | 'ebsEncryption' | 'accessAnalyzer', unknown>> };
}

type AddIssue = (path: (string | number)[], input: unknown, message: string, missing?: boolean) => void;

/**
 * The rules between `adopt` and the rest of the environment: regions it covers, its account,
 * and `awsConfig.managedElsewhere`. An environment that leaves its account's services to an owner
 * adopts nothing: the owner's stack creates them, so only its import blocks can take them over
 * (an import here would put the same resource into two states).
 */
export function adoptRefinement(name: string, env: AdoptingEnvironment, ctx: z.RefinementCtx): void {
  const add: AddIssue = (path, input, message, missing = false) =>
    ctx.addIssue({ code: 'custom', path, input, message, ...(missing ? { params: { missing } } : {}) });
  const adopt = env.adopt;
  const owner = env.accountServicesOwner;
  if (adopt !== undefined && owner !== undefined) {
    return add(
      ['adopt'],
      adopt,
      must(
        `not be set on an environment with accountServicesOwner: ${owner}'s stack creates GuardDuty, Security Hub, AWS Config, the cost monitor and the account controls, so only its import blocks can take over what exists (an import here would put one resource into two states)`,
        `Move it to environments.${owner}.adopt.`,
      ),
    );
  }
  const covered = coveredRegions(env);
  for (const field of REGIONAL_FIELDS) {
    for (const [region, value] of Object.entries(adopt?.[field] ?? {})) {
      if (covered.includes(region)) continue;
      add(
        ['adopt', field, region],
        value,
        must(
          `be under a region ${name} covers (${covered.join(', ')}); ${region} is not one`,
          `Remove it, or add "${region}" to environments.${name}.regions.`,
        ),
      );
    }
  }
  const arn = adopt?.costAnomalyMonitorArn;
  const arnAccount = arn === undefined ? undefined : ANOMALY_MONITOR_ARN.exec(arn)?.[1];
  if (arnAccount !== undefined && arnAccount !== env.accountId) {
    add(['adopt', 'costAnomalyMonitorArn'], arn, must(`be a monitor of this environment's account ${env.accountId}, not of ${arnAccount}`));
  }
  findingAggregatorRules(name, env, add);
  if (env.awsConfig?.managedElsewhere !== undefined) managedElsewhereRules(env, add);
  else recorderRules(name, env, add);
  accountControlsOffRules(name, env, add);
}

/**
 * An adopted recorder comes with its delivery channel and the service-linked role: AWS Config has
 * one recorder and one delivery channel per region, so creating the one not adopted fails where the
 * other exists; and the account that has a recorder almost always has AWSServiceRoleForConfig
 * (creating it again fails: "has been taken in this account"). The role is not imported: whether it
 * exists is the account's, not the region's, and an explicit `true` stays possible for an account
 * whose recorder uses another role (Control Tower's) and that has none.
 */
function recorderRules(name: string, env: AdoptingEnvironment, add: AddIssue) {
  // Entries refused already (a region not covered, a name of the wrong shape) are left to that problem.
  const covered = coveredRegions(env);
  const valid = (names: Readonly<Record<string, string>> | undefined) =>
    Object.fromEntries(Object.entries(names ?? {}).filter(([r, v]) => covered.includes(r) && CONFIG_NAME.test(v)));
  const recorders = valid(env.adopt?.configRecorderNames);
  const channels = valid(env.adopt?.configDeliveryChannelNames);
  const pairs = [
    ['configRecorderNames', recorders, 'configDeliveryChannelNames', 'delivery channel', 'describe-delivery-channels'],
    ['configDeliveryChannelNames', channels, 'configRecorderNames', 'recorder', 'describe-configuration-recorders'],
  ] as const;
  for (const [field, given, other, what, command] of pairs) {
    const others = field === 'configRecorderNames' ? channels : recorders;
    for (const [region, value] of Object.entries(given)) {
      if (Object.prototype.hasOwnProperty.call(others, region)) continue;
      add(
        ['adopt', field, region],
        value,
        must(
          `come with environments.${name}.adopt.${other}.${region}: AWS Config has one recorder and one delivery channel per region, so the ${what} the baseline would create there fails where one exists`,
          `Add the existing ${what}'s name (aws configservice ${command} --region ${region}).`,
        ),
      );
    }
  }
  const slr = env.awsConfig?.createServiceLinkedRole;
  if (Object.keys(recorders).length > 0 && slr === undefined) {
    add(
      ['awsConfig', 'createServiceLinkedRole'],
      slr,
      // Shown as "is missing": the default is what is refused.
      must(
        `be set with environments.${name}.adopt.configRecorderNames: an account with a recorder almost always has the service-linked role AWSServiceRoleForConfig already, and creating it again fails ("has been taken in this account")`,
        `Set environments.${name}.awsConfig.createServiceLinkedRole to false (aws iam get-role --role-name AWSServiceRoleForConfig finds it), or to true where that finds none.`,
      ),
      true,
    );
  }
}

/** The aggregator to adopt is this account's, in the home region, and one the baseline creates (other regions covered). */
function findingAggregatorRules(name: string, env: AdoptingEnvironment, add: AddIssue) {
  const arn = env.adopt?.findingAggregatorArn;
  const match = arn === undefined ? null : FINDING_AGGREGATOR_ARN.exec(arn);
  if (arn === undefined || match === null) return;
  const [, region, account] = match;
  const path = ['adopt', 'findingAggregatorArn'];
  if (account !== env.accountId) add(path, arn, must(`be an aggregator of this environment's account ${env.accountId}, not of ${account}`));
  else if (region !== env.awsRegion) {
    add(
      path,
      arn,
      must(
        `be in the home region ${env.awsRegion}, where the baseline aggregates; it is in ${region}`,
        `Delete that aggregator (aws securityhub delete-finding-aggregator --region ${region}) and leave this out, so that the baseline creates its own.`,
      ),
    );
  } else if (coveredRegions(env).length < 2) {
    add(
      path,
      arn,
      must(
        `not be set while ${name} covers only its home region: the baseline creates no aggregator then, so there is nothing to import it into`,
        'Remove it, or add the other regions to environments.' + name + '.regions.',
      ),
    );
  }
}

/** What `adopt` takes over must be something the baseline creates: not an account control turned off. */
function accountControlsOffRules(name: string, env: AdoptingEnvironment, add: AddIssue) {
  const off = env.accountControls?.off ?? {};
  const adopted = [
    ['passwordPolicy', env.adopt?.passwordPolicy === true, 'passwordPolicy'],
    ['ebsEncryption', env.adopt?.ebsEncryption === true, 'ebsEncryption'],
    ['accessAnalyzerNames', env.adopt?.accessAnalyzerNames !== undefined, 'accessAnalyzer'],
  ] as const;
  for (const [field, set, control] of adopted) {
    if (!set || off[control] === undefined) continue;
    add(
      ['adopt', field],
      env.adopt?.[field],
      must(
        `not be set with environments.${name}.accountControls.off.${control}: that control is turned off, so there is nothing to take the existing one over into`,
        'Remove one of the two.',
      ),
    );
  }
}

/** With the recorder run elsewhere, nothing may adopt or configure one here. */
function managedElsewhereRules(env: AdoptingEnvironment, add: AddIssue) {
  for (const field of ['configRecorderNames', 'configDeliveryChannelNames'] as const) {
    const value = env.adopt?.[field];
    if (value === undefined) continue;
    add(
      ['adopt', field],
      value,
      must(
        'not be set with awsConfig.managedElsewhere: the recorder and delivery channel are left to the other tool, so there is nothing to import (importing them would make two tools manage one recorder)',
        'Remove one of the two.',
      ),
    );
  }
  for (const setting of RECORDER_SETTINGS) {
    const value = env.awsConfig?.[setting];
    if (value === undefined) continue;
    add(
      ['awsConfig', setting],
      value,
      must('not be set with awsConfig.managedElsewhere: no recorder is created, so it would have no effect', 'Remove it.'),
    );
  }
}
