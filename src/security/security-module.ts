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
import type { AccountControlsConfig, AwsConfigOptions, CostAnomalyOptions, GuardDutyOptions } from '../config';
import { ACCOUNT_SERVICES, AccountServices, SharedAccountServices } from './account-baseline';
import { AlertSubscriber, SecurityAlerting } from './alerting';
import { ConfigRecorder } from './aws-config';
import { CisMonitoring } from './cis-monitoring';
import { CisMonitoringId } from '../catalog/cis-monitoring';
import { AuditTrail } from './cloudtrail';
import { currentPartition, overlongNames, SecurityContext } from './context';
import { CostAnomalyDetection } from './cost';
import { ThreatDetection } from './guardduty';
import { SecurityKey } from './kms';
import { PasswordPolicy } from './password-policy';
import { OtherRegion, RegionalBaseline } from './regional-baseline';
import { S3AccountPublicAccess } from './s3-account-public-access';
import { buildServices } from './service-table';
import { ApplicationSecrets } from './secrets';
import { FindingAggregation, SecurityHub } from './securityhub';
import { SupportRole } from './support-role';
import { tagResources } from './tags';
import { WafLogDestination, WebApplicationFirewall } from './waf';
import { checkNameLengths, checkRetentionDays, refuse, RetentionDays } from './validation';

export type { OtherRegion } from './regional-baseline';
export type { SharedAccountServices } from './account-baseline';

export interface SecurityModuleProps {
  /** `project_name`: project name for resource naming and tagging. */
  readonly projectName: string;
  /** `environment`: dev, staging or prod; prod keeps logs 365 days, others 90. */
  readonly environment: string;
  /** `account_id`: the account the key, topic and trail policies are limited to. */
  readonly accountId: string;
  /** `aws_region`: region of the Security Hub standards ARNs and the regional principals. */
  readonly awsRegion: string;
  /** `logs_bucket`: existing bucket whose policy lets CloudTrail write. */
  readonly logsBucket: string;
  /**
   * Days CloudTrail and WAF log groups keep events: one of RetentionDays.
   * @default `environment == "prod" ? 365 : 90`, as a Terraform expression
   */
  readonly logRetentionDays?: RetentionDays;
  /** Email addresses subscribed to the security alerts topic. @default [] */
  readonly alertEmails?: readonly string[];
  /** Further subscribers of the alerts topic (SQS, Lambda, HTTPS; emails too). @default [] */
  readonly alertSubscribers?: readonly AlertSubscriber[];
  /** CIS 1.4.0 monitoring rows turned off, with the reason. @default none */
  readonly cisMonitoringOff?: Partial<Record<CisMonitoringId, string>>;
  /** AWS Config recorder settings (the recorder exists unless `sharedAccountServices` is set). @default see AwsConfigOptions */
  readonly awsConfig?: AwsConfigOptions;
  /** Threshold and email subscribers of the cost anomaly alerts. @default $50, no emails */
  readonly costAnomaly?: CostAnomalyOptions;
  /** Optional GuardDuty protection plans. @default all off */
  readonly guardDuty?: GuardDutyOptions;
  /** `aws_region`'s name when known at synth: plans GuardDuty lacks there are left out. @default unknown: all managed */
  readonly homeRegionName?: string;
  /**
   * The account-level controls (password policy, S3 account public access block, EBS default
   * encryption, Access Analyzer, support role): settings, and those turned off with the reason.
   * Created with the account services, i.e. unless `sharedAccountServices` is set. @default all on, CIS defaults
   */
  readonly accountControls?: AccountControlsConfig;
  /**
   * Covered regions besides `aws_region`: the regional services of those with an aliased provider
   * are created here (RegionalBaseline), the others' in stacks of their own; the home region's
   * aggregator links all and their high-severity GuardDuty findings alert. Distinct, one partition, not
   * `aws_region` (the stack refuses `-var aws_region` set to one of them). Ignored with
   * `sharedAccountServices` (the owner covers the regions).
   * @default [] (the home region only)
   */
  readonly otherRegions?: readonly OtherRegion[];
  /**
   * Set when another environment in the same account owns GuardDuty, Security Hub, AWS Config
   * and the SERVICE cost monitor: the module then creates none of them and reports these IDs.
   * @default undefined: this module creates them
   */
  readonly sharedAccountServices?: SharedAccountServices;
  /**
   * Where WAF logs: its own log group, or `logs_bucket` when that bucket's name starts with
   * `aws-waf-logs-`. Decided at synth so that nothing counted depends on the bucket's name.
   * @default 'log-group'
   */
  readonly wafLogDestination?: WafLogDestination;
  /**
   * Tags set on every taggable resource of the module. In a module called from HCL the
   * caller's provider `default_tags` are merged with them (tags_all); the stacks leave this
   * out and tag through their own provider's `default_tags`.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

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
  readonly trail: AuditTrail;
  readonly alerting: SecurityAlerting;
  readonly cisMonitoring: CisMonitoring;
  readonly waf: WebApplicationFirewall;
  readonly secrets: ApplicationSecrets;
  /** The home region's regional services, then the other regions', in the order given; empty with `sharedAccountServices`. */
  readonly regionalBaselines: RegionalBaseline[] = [];
  /** The home region's aggregator and linked-findings alerts; undefined with `sharedAccountServices`. */
  readonly findingAggregation?: FindingAggregation;
  /** The account services (ACCOUNT_SERVICES) by key, those turned off absent; undefined with `sharedAccountServices`. */
  readonly accountServices?: AccountServices;

  /** The home region's GuardDuty; undefined with `sharedAccountServices`. */
  get threatDetection(): ThreatDetection | undefined {
    return this.regionalBaselines.at(0)?.services.guardDuty;
  }
  /** The home region's Security Hub; undefined with `sharedAccountServices`. */
  get securityHub(): SecurityHub | undefined {
    return this.regionalBaselines.at(0)?.services.securityHub;
  }
  /** The home region's AWS Config recorder; undefined with `sharedAccountServices`. */
  get configRecorder(): ConfigRecorder | undefined {
    return this.regionalBaselines.at(0)?.services.awsConfig;
  }
  /** The SERVICE cost monitor; undefined with `sharedAccountServices`. */
  get costAnomalyDetection(): CostAnomalyDetection | undefined {
    return this.accountServices?.costAnomalyDetection;
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
    checkRetentionDays(this, 'logRetentionDays', props.logRetentionDays);
    const context: SecurityContext = {
      projectName: props.projectName,
      environment: props.environment,
      accountId: props.accountId,
      awsRegion: props.awsRegion,
      partition: currentPartition(this),
    };
    const logRetentionDays = props.logRetentionDays ?? Token.asNumber(Fn.conditional(Op.eq(props.environment, 'prod'), 365, 90));

    // Each service below grants itself what it needs on the key, the topic and the bucket.
    this.key = new SecurityKey(this, 'kms', { context });
    this.trail = new AuditTrail(this, 'cloudtrail', { context, logsBucket: props.logsBucket, key: this.key, logRetentionDays });
    this.alerting = new SecurityAlerting(this, 'alerting', { context, key: this.key, subscribers: alertSubscribers(props) });
    this.cisMonitoring = new CisMonitoring(this, 'cis', {
      context,
      trailLogGroupName: this.trail.logGroupName,
      alerts: this.alerting,
      off: props.cisMonitoringOff,
    });
    this.waf = new WebApplicationFirewall(this, 'waf', {
      context,
      logsBucket: props.logsBucket,
      logDestination: props.wafLogDestination,
      key: this.key,
      logRetentionDays,
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
    this.cloudTrailArn = this.trail.trailArn;
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
   * The services this environment owns for its account: the regional baselines (filling
   * `regionalBaselines`), the findings aggregation, then the account services.
   */
  private createAccountServices(context: SecurityContext, props: SecurityModuleProps) {
    const regional = {
      key: this.key,
      logsBucket: props.logsBucket,
      alerts: this.alerting,
      guardDuty: props.guardDuty,
      homeRegionName: props.homeRegionName,
      awsConfig: props.awsConfig,
      accountControlsOff: props.accountControls?.off,
    };
    // Home first: the others share its Config role and key grant. Its resources keep their documented addresses (regionalAddress).
    const home = new RegionalBaseline(this, 'home', { ...regional, context, region: props.awsRegion });
    this.regionalBaselines.push(home);
    // Regions without a provider here are in stacks of their own: the aggregator only links them.
    for (const other of props.otherRegions ?? []) {
      if (other.provider === undefined) continue;
      this.regionalBaselines.push(
        new RegionalBaseline(this, other.name, { ...regional, context, region: other.name, provider: other.provider, home }),
      );
    }
    const findingAggregation = new FindingAggregation(this, 'aggregation', {
      context,
      securityHub: home.services.securityHub,
      otherRegions: (props.otherRegions ?? []).map((r) => r.name),
      linkedAccounts: this.regionalBaselines.slice(1).map((b) => b.services.securityHub.account),
      alerts: this.alerting,
    });
    // One per account, like GuardDuty (EBS encryption and the analyzer: per region, in RegionalBaseline).
    const accountServiceProps = { context, alerts: this.alerting, costAnomaly: props.costAnomaly, accountControls: props.accountControls };
    const accountServices = buildServices(this, ACCOUNT_SERVICES, accountServiceProps, props.accountControls?.off);
    const ids: Required<SharedAccountServices> = {
      guardDutyDetectorId: home.services.guardDuty.detectorId,
      guardDutyDetectorIds: Token.asStringMap(
        Fn.zipmap(
          this.regionalBaselines.map((b) => b.region),
          this.regionalBaselines.map((b) => b.services.guardDuty.detectorId),
        ),
      ),
      costMonitorArn: accountServices.costAnomalyDetection.monitorArn,
    };
    return { findingAggregation, accountServices, ids };
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
