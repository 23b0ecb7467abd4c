/**
 * SecurityModule: the cdktf counterpart of the Terraform module `modules/security`. Props are
 * the module's variables, public attributes its outputs; resource addresses are the
 * documented ones, so state from the HCL module moves over address for address.
 *
 * One SecurityModule per stack: its resources carry fixed Terraform names, so a second
 * module in the same stack would merge into the first; the constructor refuses it.
 */
import { Construct } from 'constructs';
import { Fn, Op, TerraformStack, Token } from 'cdktf';
import { ACCOUNT_SERVICES, AccountServices, SharedAccountServices } from './account-baseline';
import { AlertSubscriber, SecurityAlerting } from './alerting';
import { AwsConfig } from './aws-config';
import { CisMonitoring } from './cis-monitoring';
import { AuditTrail } from './cloudtrail';
import { currentPartition, overlongNames, SecurityContext } from './context';
import { CostAnomaly } from './cost';
import { GuardDuty } from './guardduty';
import { SecurityKey } from './kms';
import { PasswordPolicy } from './password-policy';
import { RegionalBaseline } from './regional-baseline';
import { S3AccountPublicAccess } from './s3-account-public-access';
import { buildServices } from './service-table';
import { ApplicationSecrets } from './secrets';
import { FindingAggregation, SecurityHub } from './securityhub';
import { SupportRole } from './support-role';
import { tagResources } from './tags';
import { WebApplicationFirewall } from './waf';
import { checkNameLengths, checkRetentionDays, refuse, RetentionDays } from './validation';
import type { SecurityModuleProps } from './security-module-props';

export type { OtherRegion } from './regional-baseline';
export type { SharedAccountServices } from './account-baseline';
export type { ModuleAdoption } from './adopt';
export type { SecurityModuleProps } from './security-module-props';

export class SecurityModule extends Construct {
  /** `kms_key_id`: KMS key ID (UUID format). */
  readonly kmsKeyId: string;
  /** `kms_key_arn`: KMS key ARN for RDS, S3 and Secrets Manager encryption. */
  readonly kmsKeyArn: string;
  /** `guardduty_detector_id` (the home region's) */
  readonly guardDutyDetectorId: string;
  /** `guardduty_detector_ids`: region name -> detector ID, every covered region built in this stack (a Terraform map). */
  readonly guardDutyDetectorIds: Readonly<Record<string, string>>;
  /** `waf_web_acl_arn`: to associate with an Application Load Balancer. */
  readonly wafWebAclArn: string;
  /** `cloudtrail_arn` */
  readonly cloudTrailArn: string;
  /** `db_secret_arn` */
  readonly dbSecretArn: string;
  /** `jwt_secret_arn` */
  readonly jwtSecretArn: string;
  /** `cost_monitor_arn` */
  readonly costMonitorArn: string;
  /** ARN of the security alerts topic. */
  readonly alertsTopicArn: string;

  readonly key: SecurityKey;
  /** The account's trail; undefined for a member of an organization (the organization trail records it). */
  readonly trail?: AuditTrail;
  readonly alerting: SecurityAlerting;
  /** The CIS 4.x filters and alarms on the trail's log group; undefined for a member of an organization (they are the management account's). */
  readonly cisMonitoring?: CisMonitoring;
  readonly waf: WebApplicationFirewall;
  readonly secrets: ApplicationSecrets;
  /** The home region's regional services, then the other regions', in the order given; empty with `sharedAccountServices`. */
  readonly regionalBaselines: RegionalBaseline[] = [];
  /** The home region's aggregator and linked-findings alerts; undefined with `sharedAccountServices` or `organization` (the security account aggregates). */
  readonly findingAggregation?: FindingAggregation;
  /** The account services (ACCOUNT_SERVICES) by key, those turned off absent; undefined with `sharedAccountServices`. */
  readonly accountServices?: AccountServices;

  /** The home region's GuardDuty; undefined with `sharedAccountServices` or `organization`. */
  get guardDuty(): GuardDuty | undefined {
    return this.regionalBaselines.at(0)?.services.guardDuty;
  }
  /** The home region's Security Hub; undefined with `sharedAccountServices` or `organization`. */
  get securityHub(): SecurityHub | undefined {
    return this.regionalBaselines.at(0)?.services.securityHub;
  }
  /** The home region's AWS Config recorder; undefined with `sharedAccountServices`. */
  get awsConfig(): AwsConfig | undefined {
    return this.regionalBaselines.at(0)?.services.awsConfig;
  }
  /** The SERVICE cost monitor; undefined with `sharedAccountServices`. */
  get costAnomaly(): CostAnomaly | undefined {
    return this.accountServices?.costAnomaly;
  }
  /** Account-level controls; undefined with `sharedAccountServices` or when turned off. */
  get passwordPolicy(): PasswordPolicy | undefined {
    return this.accountServices?.passwordPolicy;
  }
  get s3AccountPublicAccess(): S3AccountPublicAccess | undefined {
    return this.accountServices?.s3AccountPublicAccess;
  }
  get supportRole(): SupportRole | undefined {
    return this.accountServices?.supportRole;
  }

  constructor(scope: Construct, id: string, props: SecurityModuleProps) {
    super(scope, id);
    this.refuseSecondModule();
    checkNameLengths(this, overlongNames(props));
    checkRetentionDays(this, 'logGroupRetentionDays', props.logGroupRetentionDays);
    const context: SecurityContext = {
      projectName: props.projectName,
      environment: props.environment,
      accountId: props.accountId,
      awsRegion: props.awsRegion,
      partition: currentPartition(this),
    };
    const logGroupRetentionDays = props.logGroupRetentionDays ?? Token.asNumber(Fn.conditional(Op.eq(props.environment, 'prod'), 365, 90));

    // Each service below grants itself what it needs on the key, the topic and the bucket.
    this.key = new SecurityKey(this, 'kms', { context });
    const recording = this.recordingTrail(context, props, logGroupRetentionDays);
    this.trail = recording.trail;
    this.alerting = new SecurityAlerting(this, 'alerting', { context, key: this.key, subscribers: alertSubscribers(props) });
    this.cisMonitoring = this.trail
      ? new CisMonitoring(this, 'cis', {
          context,
          trailLogGroupName: this.trail.logGroupName,
          alerts: this.alerting,
          off: props.cisMonitoringOff,
        })
      : undefined;
    this.waf = new WebApplicationFirewall(this, 'waf', {
      context,
      logsBucket: props.logsBucket,
      logDestination: props.wafLogDestination,
      key: this.key,
      logGroupRetentionDays,
    });
    this.secrets = new ApplicationSecrets(this, 'secrets', { context, kmsKeyArn: this.key.keyArn });

    let ids: Required<SharedAccountServices>;
    if (props.sharedAccountServices) {
      ids = sharedServiceIds(props.sharedAccountServices, props.awsRegion);
    } else {
      const owned = this.createAccountServices(context, props);
      this.findingAggregation = owned.findingAggregation;
      this.accountServices = owned.accountServices;
      ids = owned.ids;
    }
    this.guardDutyDetectorId = ids.guardDutyDetectorId;
    this.guardDutyDetectorIds = ids.guardDutyDetectorIds;
    this.costMonitorArn = ids.costMonitorArn;
    this.kmsKeyId = this.key.keyId;
    this.kmsKeyArn = this.key.keyArn;
    this.wafWebAclArn = this.waf.webAclArn;
    this.cloudTrailArn = recording.trailArn;
    this.dbSecretArn = this.secrets.dbCredentials.arn;
    this.jwtSecretArn = this.secrets.jwtSecret.arn;
    this.alertsTopicArn = this.alerting.topicArn;
    if (props.tags) tagResources(this, props.tags);
  }

  /** Refuse a second SecurityModule in this stack. */
  private refuseSecondModule(): void {
    const stack = TerraformStack.of(this);
    const other = stack.node.findAll().find((c) => c instanceof SecurityModule && c !== this);
    if (other) {
      refuse(
        this,
        `stack ${stack.node.id} already holds the SecurityModule ${other.node.path}; a stack holds one, as its resources ` +
          'have fixed Terraform names (aws_kms_key.govtech_main, ...) and a second module would merge into the first. Put each module in a stack of its own.',
      );
    }
  }

  /**
   * The account's trail and the ARN of the trail that records the account (`cloudtrail_arn`). A
   * member of an organization has no trail of its own: the organization trail records it, and the
   * CIS alarms watch that trail's log group in the management account.
   */
  private recordingTrail(context: SecurityContext, props: SecurityModuleProps, logGroupRetentionDays: RetentionDays) {
    if (props.organization) return { trail: undefined, trailArn: props.organization.trailArn };
    const trail = new AuditTrail(this, 'cloudtrail', { context, logsBucket: props.logsBucket, key: this.key, logGroupRetentionDays });
    return { trail, trailArn: trail.trailArn };
  }

  /**
   * The services this environment owns for its account: the regional baselines (filling
   * `regionalBaselines`), the findings aggregation (none for a member of an organization), then the account services.
   */
  private createAccountServices(context: SecurityContext, props: SecurityModuleProps) {
    const member = props.organization;
    const regional = {
      // A member's recorders deliver to the log archive bucket, SSE-S3 (AwsConfigProps.key).
      key: member ? undefined : this.key,
      logsBucket: member?.configBucket ?? props.logsBucket,
      configKeyPrefix: member?.configPrefix,
      organizationMember: member !== undefined,
      alerts: this.alerting,
      guardDuty: props.guardDuty,
      homeRegionName: props.homeRegionName,
      securityHub: props.securityHub,
      awsConfig: props.awsConfig,
      accountControlsOff: props.accountControls?.off,
    };
    // Home first: the others share its Config role and key grant. Its resources keep their documented addresses (regionalAddress).
    const { costAnomaly, accountControls, adopt } = props;
    const home = new RegionalBaseline(this, 'home', { ...regional, context, region: props.awsRegion, adopt: adopt?.home });
    this.regionalBaselines.push(home);
    // Regions without a provider here are in stacks of their own: the aggregator only links them.
    for (const { name, provider } of props.otherRegions ?? []) {
      if (provider === undefined) continue;
      const here = adopt?.otherRegions?.[name];
      this.regionalBaselines.push(new RegionalBaseline(this, name, { ...regional, context, region: name, provider, home, adopt: here }));
    }
    const findingAggregation = this.aggregateFindings(context, props);
    // One per account, like GuardDuty (EBS encryption and the analyzer: per region, in RegionalBaseline).
    const accountServiceProps = { context, alerts: this.alerting, costAnomaly, accountControls, adopt };
    const accountServices = buildServices(this, ACCOUNT_SERVICES, accountServiceProps, props.accountControls?.off);
    // A standalone account's baselines each have their GuardDuty (ORGANIZATION_RUN_SERVICES are left out for members only).
    const detectorIds = member
      ? { regions: [props.awsRegion], ids: [member.guardDutyDetectorId] }
      : { regions: this.regionalBaselines.map((b) => b.region), ids: this.regionalBaselines.map((b) => b.services.guardDuty!.detectorId) };
    const ids: Required<SharedAccountServices> = {
      guardDutyDetectorId: detectorIds.ids[0],
      guardDutyDetectorIds: Token.asStringMap(Fn.zipmap(detectorIds.regions, detectorIds.ids)),
      costMonitorArn: accountServices.costAnomaly.monitorArn,
    };
    return { findingAggregation, accountServices, ids };
  }

  /** The home region's finding aggregator over the other covered regions; none for a member (the security account's aggregates the organization). */
  private aggregateFindings(context: SecurityContext, props: SecurityModuleProps): FindingAggregation | undefined {
    if (props.organization) return undefined;
    // Every baseline of a standalone account has its Security Hub (ORGANIZATION_RUN_SERVICES are left out for members only).
    const hubs = this.regionalBaselines.map((b) => b.services.securityHub!);
    return new FindingAggregation(this, 'aggregation', {
      context,
      securityHub: hubs[0],
      otherRegions: (props.otherRegions ?? []).map((r) => r.name),
      linkedAccounts: hubs.slice(1).map((h) => h.account),
      alerts: this.alerting,
    });
  }
}

/** The alert subscribers of `alertEmails` and `alertSubscribers`. */
function alertSubscribers(props: SecurityModuleProps): AlertSubscriber[] {
  return [
    ...(props.alertEmails ?? []).map((endpoint): AlertSubscriber => ({ protocol: 'email', endpoint })),
    ...(props.alertSubscribers ?? []),
  ];
}

/** The owner's IDs, its detector map defaulting to the home region's detector only. */
function sharedServiceIds(shared: SharedAccountServices, awsRegion: string): Required<SharedAccountServices> {
  return {
    guardDutyDetectorId: shared.guardDutyDetectorId,
    guardDutyDetectorIds: shared.guardDutyDetectorIds ?? Token.asStringMap(Fn.zipmap([awsRegion], [shared.guardDutyDetectorId])),
    costMonitorArn: shared.costMonitorArn,
  };
}
