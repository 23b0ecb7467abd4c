/**
 * Security Hub: the account (`aws_securityhub_account.main`) with AWS's default standards off,
 * the chosen standards subscribed explicitly (one per covered region), the controls disabled
 * with their reason, and in the home region the finding aggregator over the other covered regions.
 */
import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsControlAssociation } from '@cdktf/provider-aws/lib/securityhub-standards-control-association';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { DisabledControlConfig } from '../config';
import { Partition, regionInfo, regionsOf } from '../config/regions';
import { membershipOf } from '../catalog/control-standards';
import { DEFAULT_STANDARDS, isStandardPath, standardArn, StandardPath, STANDARDS } from '../catalog/securityhub-standards';
import { IAlertsTopic } from './alerting';
import { importExisting } from './adopt';
import { regionalAddress, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { EVENTBRIDGE_RULES_PUBLISHER } from './guardduty';
import { refuse } from './validation';

export interface SecurityHubProps {
  readonly context: SecurityContext;
  /** Standards to subscribe to, by ARN path (STANDARDS). @default DEFAULT_STANDARDS (FSBP and CIS 1.4.0) */
  readonly standards?: readonly StandardPath[];
  /**
   * Controls to disable, each with the reason: in `standard` (default: every subscribed standard
   * that has the control, per CONTROL_STANDARDS) and in `regions` (default: every region; an entry
   * whose regions leave this one out is skipped here). @default none
   */
  readonly disabledControls?: readonly DisabledControlConfig[];
  /** This region's name when `context.awsRegion` is a Terraform expression (the home region's `var.aws_region`). @default unknown */
  readonly regionName?: string;
  /**
   * Security Hub is enabled in the region already: the hub is imported (by the account ID),
   * since enabling it again fails ("Account is already subscribed to Security Hub").
   * The standards subscriptions are not imported (see adoptHub). @default false
   */
  readonly adoptExisting?: boolean;
}

export class SecurityHub extends Construct {
  readonly account: SecurityhubAccount;
  readonly subscriptions: SecurityhubStandardsSubscription[];
  /** The controls disabled in this region (`association_status = "DISABLED"`), each depending on its standard's subscription. */
  readonly disabledControls: SecurityhubStandardsControlAssociation[];

  constructor(scope: Construct, id: string, props: SecurityHubProps) {
    super(scope, id);
    this.account = new SecurityhubAccount(this, 'main', {
      // Subscriptions are explicit below; the defaults would drift from this code.
      enableDefaultStandards: false,
      autoEnableControls: true,
    });
    regionalAddress(this.account, 'main');
    if (props.adoptExisting) adoptHub(this.account, props.context);

    const standards = props.standards ?? DEFAULT_STANDARDS;
    const bySubscription = new Map<StandardPath, SecurityhubStandardsSubscription>();
    this.subscriptions = standards.map((standard) => {
      const name = STANDARDS[standard].resourceName;
      const sub = new SecurityhubStandardsSubscription(this, name, {
        standardsArn: standardArn(standard, props.context.partition, props.context.awsRegion),
        dependsOn: [this.account],
      });
      regionalAddress(sub, name);
      bySubscription.set(standard, sub);
      return sub;
    });
    this.disabledControls = this.disable(props, bySubscription);
  }

  /** One association per disabled control and standard that applies in this region. */
  private disable(props: SecurityHubProps, subscriptions: ReadonlyMap<StandardPath, SecurityhubStandardsSubscription>) {
    const region = Token.isUnresolved(props.context.awsRegion) ? props.regionName : props.context.awsRegion;
    return (props.disabledControls ?? []).flatMap((d) => {
      if (d.regions !== undefined && region === undefined) {
        refuse(this, `disabledControls ${d.control} lists regions, but this region's name is unknown at synth: pass regionName.`);
      }
      if (d.regions !== undefined && !d.regions.includes(region ?? '')) return [];
      return disabledIn(d, [...subscriptions.keys()], (problem) => refuse(this, problem)).map((standard) => {
        const name = `${STANDARDS[standard].resourceName}_disable_${d.control.toLowerCase().replace(/\./g, '_')}`;
        const association = new SecurityhubStandardsControlAssociation(this, name, {
          securityControlId: d.control,
          standardsArn: standardArn(standard, props.context.partition, props.context.awsRegion),
          associationStatus: 'DISABLED',
          updatedReason: d.reason,
          // The control exists in the standard only once the subscription does.
          dependsOn: [subscriptions.get(standard)!],
        });
        regionalAddress(association, name);
        return association;
      });
    });
  }
}

/**
 * The subscribed standards `d` disables its control in: `d.standard` (any control the catalogue
 * does not place outside it), or those of `subscribed` the control belongs to (CONTROL_STANDARDS).
 * The config refuses what `refuse` is called for here; this check is for the module's other callers.
 */
export function disabledIn(
  d: DisabledControlConfig,
  subscribed: readonly StandardPath[],
  refuse: (problem: string) => never,
): StandardPath[] {
  const membership = membershipOf(d.control);
  if (d.standard !== undefined) {
    if (!isStandardPath(d.standard) || !subscribed.includes(d.standard) || (membership && membership[d.standard] === undefined)) {
      refuse(
        `disabledControls: ${d.control} in ${d.standard}: the standard must be subscribed (${subscribed.join(', ')}) and have the control.`,
      );
    }
    return [d.standard];
  }
  if (membership === undefined) {
    refuse(`disabledControls: ${d.control} is not a control of the catalogue (src/catalog/control-standards.ts): name its standard.`);
  }
  const standards = subscribed.filter((s) => membership[s] !== undefined);
  if (standards.length === 0) refuse(`disabledControls: ${d.control} is in none of the subscribed standards (${subscribed.join(', ')}).`);
  return standards;
}

/**
 * Import the region's hub. `enable_default_standards` is ForceNew and never read back (the
 * provider's read keeps whatever state has, and an import leaves it unset: hashicorp/aws
 * internal/service/securityhub/account.go, "enable_default_standards is never returned"; MoJ's
 * aws-root-account#904 met the replacement this causes): ignoring its changes keeps a plan from
 * replacing the hub, i.e. disabling Security Hub and losing its findings. It only matters at creation anyway.
 *
 * The standards subscriptions are created, not imported: an import block of a subscription that
 * is not enabled fails the plan ("Cannot import non-existent remote object"), and which standards
 * an existing hub has is not in the config (enabling Security Hub in the console turns on FSBP and
 * CIS 1.2.0, not CIS 1.4.0). Creating one is BatchEnableStandards with the standard's ARN, whose
 * subscription ARN the provider takes as its ID (internal/service/securityhub/standards_subscription.go);
 * AWS's API reference lists no error for a standard that is enabled already.
 */
function adoptHub(account: SecurityhubAccount, ctx: SecurityContext): void {
  importExisting(account, ctx.accountId);
  account.lifecycle = { ...account.lifecycle, ignoreChanges: ['enable_default_standards'] };
}

/** How the home region's aggregator links the others (the API's RegionLinkingMode and Regions). */
export type FindingLinking = { readonly mode: 'ALL_REGIONS' } | { readonly mode: 'SPECIFIED_REGIONS'; readonly regions: readonly string[] };

/**
 * The linking of `others`, the covered regions besides the home one (distinct, one partition):
 * ALL_REGIONS only when they and the home region are every region of the partition (it also
 * takes in regions AWS adds later, which is then what the config asks for); otherwise exactly
 * them. None without others: an aggregator then has nothing to link, and ALL_REGIONS would take
 * in the findings of regions this baseline does not manage.
 */
export function findingLinking(others: readonly string[]): FindingLinking | undefined {
  if (others.length === 0) return undefined;
  const partition: Partition | undefined = regionInfo(others[0])?.partition;
  if (partition !== undefined && others.length === regionsOf(partition).length - 1) return { mode: 'ALL_REGIONS' };
  return { mode: 'SPECIFIED_REGIONS', regions: others };
}

export interface FindingAggregationProps {
  readonly context: SecurityContext;
  /** The home region's Security Hub account (the aggregator needs it). */
  readonly securityHub: SecurityHub;
  /** The covered regions besides the home one, each with its own Security Hub. */
  readonly otherRegions: readonly string[];
  /** The other regions' Security Hub accounts: the aggregator links them once they exist. */
  readonly linkedAccounts?: readonly SecurityhubAccount[];
  /** Topic that receives the other regions' GuardDuty findings of severity 7.0 and above. */
  readonly alerts?: IAlertsTopic;
}

/**
 * The home region's view of the other covered regions: the finding aggregator
 * (`aws_securityhub_finding_aggregator.all_regions`, the documented address whatever the mode)
 * and the alert path of their high-severity GuardDuty findings.
 *
 * Why one rule here on the aggregated findings rather than a forwarding rule per region to this
 * region's event bus: Security Hub already imports every GuardDuty finding of its region and,
 * with the aggregator, sends the "Security Hub Findings - Imported" events of linked regions
 * to EventBridge in the home region too ("in an aggregation Region, the event feed includes
 * events for findings from the aggregation Region and the linked Regions", near real time).
 * So one rule and target, no IAM role for cross-region PutEvents, nothing more per region (a
 * region added costs no alerting resources), and the path is the one the aggregated Security
 * Hub view shows. The price: it needs Security Hub in
 * every covered region (the baseline puts it there), and every update of a finding is a new
 * event: the pattern (linkedGuardDutyPattern) alerts only while the finding is untriaged.
 * The home region's own findings keep their direct rule (`guardduty_high`); this rule matches
 * the other regions only, so a finding alerts once.
 */
export class FindingAggregation extends Construct {
  /** Undefined when there are no other regions. */
  readonly aggregator?: SecurityhubFindingAggregator;
  readonly linking?: FindingLinking;
  /** Undefined without other regions or alerts topic. */
  readonly linkedFindingsRule?: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: FindingAggregationProps) {
    super(scope, id);
    this.linking = findingLinking(props.otherRegions);
    if (this.linking === undefined) return;
    this.aggregator = new SecurityhubFindingAggregator(this, 'all_regions', {
      linkingMode: this.linking.mode,
      specifiedRegions: this.linking.mode === 'SPECIFIED_REGIONS' ? [...this.linking.regions] : undefined,
      dependsOn: [props.securityHub.account, ...(props.linkedAccounts ?? [])],
    });
    regionalAddress(this.aggregator, 'all_regions');

    if (props.alerts === undefined) return;
    props.alerts.grantPublish(EVENTBRIDGE_RULES_PUBLISHER);
    const rule = new CloudwatchEventRule(this, 'guardduty_high_linked', {
      name: resourceNames(props.context).guardDutyLinkedRule,
      description: linkedRuleDescription(props.otherRegions),
      eventPattern: JSON.stringify(linkedGuardDutyPattern(props.otherRegions)),
    });
    regionalAddress(rule, 'guardduty_high_linked');
    this.linkedFindingsRule = rule;
    const target = new CloudwatchEventTarget(this, 'sns_linked', { rule: rule.name, targetId: 'SendToSNS', arn: props.alerts.topicArn });
    regionalAddress(target, 'sns_linked');
  }
}

/** hashicorp/aws 5.100.0 refuses an `aws_cloudwatch_event_rule` description over 512 characters (EventBridge's limit). */
const RULE_DESCRIPTION_MAX = 512;

/** What the linked-findings rule matches, naming the regions while that fits (not for most of a partition). */
export function linkedRuleDescription(regions: readonly string[]): string {
  const text = (where: string) =>
    `Untriaged (workflow NEW) GuardDuty findings of severity 7.0 and above (HIGH, CRITICAL as GuardDuty rated them) in ${where}, aggregated by Security Hub`;
  const named = text(regions.join(', '));
  return named.length <= RULE_DESCRIPTION_MAX ? named : text(`the ${regions.length} other covered regions`);
}

/**
 * Security Hub's event for imported GuardDuty findings of `regions` that are active, still
 * untriaged, and that GuardDuty rated HIGH or CRITICAL (Security Hub maps GuardDuty's severity
 * 7.0-8.9 to HIGH and 9.0-10.0 to CRITICAL).
 *
 * Security Hub sends "Security Hub Findings - Imported" for every BatchImportFindings (the
 * provider's create or update) and for every BatchUpdateFindings (a workflow change, a note, a
 * suppression, an automation rule) (Security Hub user guide, "BatchImportFindings for finding
 * providers" and "BatchUpdateFindings for customers"). So the pattern keeps only what is still
 * news to whoever triages:
 * - `Workflow.Status` NEW. Not NOTIFIED: it means "you notified the resource owner", i.e. someone
 *   already acted on the alert; matching it would alert on that very triage step (NEW -> NOTIFIED
 *   is an event) and on every later note. Security Hub itself resets NOTIFIED or RESOLVED to NEW
 *   when the record state goes from ARCHIVED back to ACTIVE (API reference, Workflow), so a
 *   finding that comes back alerts again.
 * - `RecordState` ACTIVE: GuardDuty archived findings are ARCHIVED.
 * - `FindingProviderFields.Severity.Label`, which only the provider sets (BatchImportFindings);
 *   BatchUpdateFindings changes only the top-level `Severity` (API reference,
 *   FindingProviderFields). A user lowering `Severity.Label` does not silence the finding, and
 *   raising it does not make one alert: the severity is GuardDuty's.
 */
function linkedGuardDutyPattern(regions: readonly string[]) {
  return guardDutyFindingsPattern(regions);
}

/**
 * The pattern linkedGuardDutyPattern explains, for the findings of `regions`; without regions,
 * of every region Security Hub aggregates (the organization's alerts in the security account).
 */
export function guardDutyFindingsPattern(regions?: readonly string[]) {
  return {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        ProductName: ['GuardDuty'],
        ...(regions === undefined ? {} : { Region: [...regions] }),
        RecordState: ['ACTIVE'],
        Workflow: { Status: ['NEW'] },
        FindingProviderFields: { Severity: { Label: ['HIGH', 'CRITICAL'] } },
      },
    },
  };
}
