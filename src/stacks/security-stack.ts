/**
 * SecurityStack: one environment's deployable stack. It declares the documented variables
 * (defaults from the environment's plan), the AWS provider on `var.aws_region` limited to `var.account_id`,
 * the S3 state backend, the SecurityModule, the eight documented outputs and the alerts topic ARN.
 */
import { Construct } from 'constructs';
import { Fn, Op, TerraformOutput, TerraformStack, TerraformVariable, TerraformVariableValidationConfig, Token } from 'cdktf';
import { ENVIRONMENTS, EnvironmentName } from '../config';
import { EnvironmentPlan, securityStackName } from '../config/plan';
import { OtherRegion, SecurityModule, SecurityModuleProps, SharedAccountServices } from '../security/security-module';
import { importExisting } from '../security/adopt';
import { WAF_LOG_PREFIX } from '../security/waf';
import { logsBucketFromRemoteState, remoteStackState, useS3Backend } from './backend';
import { projectAwsProvider, regionAlias } from './provider';
import { securityVariable } from './variables';
import { forgetOrganizationRunResources, leavingHomeStack } from './organization-migration';
import { organizationMembership } from './organization-member';

/** The documented outputs, by name, with their documented descriptions. */
export const SECURITY_OUTPUTS = {
  kms_key_id: { description: 'KMS key ID (UUID format)', value: (m: SecurityModule) => m.kmsKeyId },
  kms_key_arn: {
    description: 'KMS key ARN for use in RDS, S3, and Secrets Manager encryption configurations',
    value: (m: SecurityModule) => m.kmsKeyArn,
  },
  guardduty_detector_id: {
    description: 'GuardDuty detector ID for managing findings and suppressions',
    value: (m: SecurityModule) => m.guardDutyDetectorId,
  },
  waf_web_acl_arn: {
    description: 'WAF Web ACL ARN to associate with Application Load Balancer',
    value: (m: SecurityModule) => m.wafWebAclArn,
  },
  cloudtrail_arn: { description: 'CloudTrail trail ARN', value: (m: SecurityModule) => m.cloudTrailArn },
  db_secret_arn: { description: 'ARN of database credentials secret in Secrets Manager', value: (m: SecurityModule) => m.dbSecretArn },
  jwt_secret_arn: { description: 'ARN of JWT secret in Secrets Manager', value: (m: SecurityModule) => m.jwtSecretArn },
  cost_monitor_arn: { description: 'ARN of cost anomaly monitor', value: (m: SecurityModule) => m.costMonitorArn },
} as const;

/**
 * Outputs beyond the documented ones. `security_alerts_topic_arn`: tools that subscribe
 * themselves to the alerts topic (AWS Chatbot, paging services) need its ARN.
 */
export const ADDITIONAL_OUTPUTS = {
  guardduty_detector_ids: {
    description: 'GuardDuty detector ID of every covered region, by region name',
    value: (m: SecurityModule) => m.guardDutyDetectorIds,
  },
  security_alerts_topic_arn: {
    description: 'ARN of the security alerts SNS topic, for tools that subscribe themselves (AWS Chatbot, paging services)',
    value: (m: SecurityModule) => m.alertsTopicArn,
  },
} as const;

/**
 * The regional stacks create the regional services in each other covered region;
 * `-var aws_region=<one of them>` would make the home region one of them too and create its
 * services twice. Refused at plan.
 */
function notAnotherCoveredRegion(variable: TerraformVariable, others: readonly string[]): TerraformVariableValidationConfig {
  return {
    condition: Op.not(Fn.contains(others, variable.stringValue)),
    errorMessage:
      `Invalid aws_region "\${var.aws_region}": the covered regions ${others.join(', ')} have regional stacks of their own, so with aws_region one of them ` +
      `its regional services (GuardDuty, Security Hub, AWS Config, EBS default encryption, Access Analyzer) would be created twice there. Change the home region with awsRegion in the config (and regions to match), not with -var aws_region.`,
  };
}

/**
 * A stack deploys one environment: its state, account, region and logs bucket are that
 * environment's, so `-var environment=<other>` would plan another environment's resources
 * into them. Refused at plan, naming the stack to use instead.
 */
function onlyThisEnvironment(
  variable: TerraformVariable,
  stackName: string,
  environment: EnvironmentName,
): TerraformVariableValidationConfig {
  const others = ENVIRONMENTS.filter((e) => e !== environment);
  return {
    condition: Op.eq(variable.stringValue, environment),
    errorMessage:
      `Invalid environment "\${var.environment}": the stack ${stackName} deploys only ${environment} (its state, account and logs bucket are ${environment}'s). ` +
      others
        .map(
          (e) =>
            `For ${e}, use the stack ${securityStackName(e)} (cdktf deploy ${securityStackName(e)}, or cdktf.out/stacks/${securityStackName(e)}).`,
        )
        .join(' '),
  };
}

export interface SecurityStackProps {
  /** The environment's plan (src/config/plan.ts). */
  readonly plan: EnvironmentPlan;
  /**
   * The logs bucket's name from the logs stack (a cross-stack reference, which cdktf
   * synthesizes as `terraform_remote_state`); read when the plan's logs bucket is of kind
   * `logsStack`. @default none
   */
  readonly logsBucketFromStack?: string;
}

/** The documented variables of a security stack. */
interface SecurityVariables {
  readonly projectName: TerraformVariable;
  readonly environment: TerraformVariable;
  readonly accountId: TerraformVariable;
  readonly awsRegion: TerraformVariable;
  readonly logsBucket: TerraformVariable;
}

/** The bucket name the config gives, if it names one (the logs_bucket variable's default). */
function configuredLogsBucket(plan: EnvironmentPlan): string | undefined {
  return plan.logsBucket.kind === 'name' ? plan.logsBucket.bucket : undefined;
}

export class SecurityStack extends TerraformStack {
  readonly module: SecurityModule;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id);
    const { plan } = props;
    useS3Backend(this, plan.state, id);
    const variables = this.declareVariables(id, plan);
    const otherRegions = this.declareProviders(plan, variables);
    const logsBucket = this.logsBucket(plan, variables.logsBucket, props.logsBucketFromStack);
    const settings = plan.settings;
    const configuredBucket = configuredLogsBucket(plan);
    const shared = this.sharedAccountServices(plan);

    this.module = new SecurityModule(this, 'security', {
      projectName: variables.projectName.stringValue,
      environment: variables.environment.stringValue,
      accountId: variables.accountId.stringValue,
      awsRegion: variables.awsRegion.stringValue,
      logsBucket,
      ...environmentServiceProps(plan),
      otherRegions,
      sharedAccountServices: shared,
      organization: organizationMembership(this, plan, shared),
      adopt: {
        home: plan.adopt.regions[plan.awsRegion],
        otherRegions: plan.adopt.regions,
        costAnomalyMonitorArn: plan.adopt.costAnomalyMonitorArn,
        passwordPolicy: plan.adopt.passwordPolicy,
      },
      // Decided at synth from the configured name; a precondition refuses a -var logs_bucket that does not fit.
      wafLogDestination: configuredBucket?.startsWith(WAF_LOG_PREFIX) ? 'logs-bucket' : 'log-group',
    });

    // One aggregator per account: an existing one is imported by its ARN (hashicorp/aws docs of aws_securityhub_finding_aggregator, "Import").
    const aggregator = this.module.findingAggregation?.aggregator;
    if (aggregator !== undefined) importExisting(aggregator, plan.adopt.findingAggregatorArn);
    securityOutputs(this, this.module);
    if (plan.organization) forgetOrganizationRunResources(this, leavingHomeStack(settings, plan.organization));
  }

  /** The documented variables, defaulting to the plan's values and refusing another environment or covered region. */
  private declareVariables(id: string, plan: EnvironmentPlan): SecurityVariables {
    const { environment } = plan;
    // Regions besides the home one (none when the environment shares its account's services).
    const otherRegions = plan.regions.slice(1);
    return {
      projectName: securityVariable(this, 'project_name', { default: plan.projectName }),
      environment: securityVariable(this, 'environment', {
        default: environment,
        extraValidations: (v) => [onlyThisEnvironment(v, id, environment)],
      }),
      accountId: securityVariable(this, 'account_id', { default: plan.accountId }),
      awsRegion: securityVariable(this, 'aws_region', {
        default: plan.awsRegion,
        extraValidations: (v) => (otherRegions.length ? [notAnotherCoveredRegion(v, otherRegions)] : []),
      }),
      logsBucket: securityVariable(this, 'logs_bucket', { default: configuredLogsBucket(plan) ?? null }),
    };
  }

  /**
   * The home region's provider on `var.aws_region`. The other covered regions' services are in
   * their regional stacks (the aggregator links them); while `regionalStacksMigration` is on,
   * their old aliased providers stay, for the removed blocks of what this stack's state holds there.
   */
  private declareProviders(plan: EnvironmentPlan, variables: SecurityVariables): OtherRegion[] {
    const providerProps = {
      accountId: variables.accountId.stringValue,
      projectName: variables.projectName.stringValue,
      environment: variables.environment.stringValue,
      assumeRoleArn: plan.deployRoleArn,
      // The variables are tokens; the session name is known at synth.
      assumeRoleSessionName: `${plan.projectName}-${plan.securityStack}`,
    };
    projectAwsProvider(this, { ...providerProps, region: variables.awsRegion.stringValue });
    return plan.regionalStacks.map(({ region: name }) => {
      if (plan.regionalStacksMigration) projectAwsProvider(this, { ...providerProps, region: name, alias: regionAlias(name) });
      return { name };
    });
  }

  /** logs_bucket: the variable when given, else the planned source. */
  private logsBucket(plan: EnvironmentPlan, variable: TerraformVariable, fromStack: string | undefined): string {
    const source = plan.logsBucket;
    let fallback: string;
    switch (source.kind) {
      case 'name':
        return variable.stringValue;
      case 'remoteState':
        fallback = logsBucketFromRemoteState(this, source.ref);
        break;
      case 'logsStack':
        if (fromStack === undefined) {
          throw new Error(
            `environments.${plan.environment}.logsBucket is { "fromLogsStack": true } but no logs stack was passed to ${plan.securityStack}: pass logsBucketFromStack.`,
          );
        }
        fallback = fromStack;
        break;
    }
    return Token.asString(Fn.coalesce([variable.stringValue, fallback]));
  }

  /** The account services' IDs from the owner's state, when another environment owns them. */
  private sharedAccountServices(plan: EnvironmentPlan): SharedAccountServices | undefined {
    const owner = plan.servicesOwner;
    if (owner.kind === 'self') return undefined;
    const state = remoteStackState(this, 'account_services_owner', plan.state, owner.securityStack);
    return {
      guardDutyDetectorId: state.getString('guardduty_detector_id'),
      guardDutyDetectorIds: Token.asStringMap(state.get('guardduty_detector_ids')),
      costMonitorArn: state.getString('cost_monitor_arn'),
    };
  }
}

/** What the security module takes from the environment's plan as it is: alerts, services' settings, standards, account controls. */
export function environmentServiceProps(plan: EnvironmentPlan) {
  const settings = plan.settings;
  return {
    alertSubscribers: plan.alertSubscribers,
    cisMonitoringOff: settings.cisMonitoringOff,
    awsConfig: settings.awsConfig,
    costAnomaly: settings.costAnomaly,
    guardDuty: settings.guardDuty,
    // The configured home region decides its GuardDuty plans and disabled controls; the config, not -var aws_region, moves it (README).
    homeRegionName: plan.awsRegion,
    securityHub: { standards: plan.securityHubStandards, disabledControls: settings.securityHub?.disabledControls },
    accountControls: settings.accountControls,
  } satisfies Partial<SecurityModuleProps>;
}

/** The eight documented outputs of `module`, named and described as documented, and the ADDITIONAL_OUTPUTS. */
export function securityOutputs(scope: Construct, module: SecurityModule): void {
  for (const [name, output] of Object.entries({ ...SECURITY_OUTPUTS, ...ADDITIONAL_OUTPUTS })) {
    new TerraformOutput(scope, name, { description: output.description, value: output.value(module), staticId: true });
  }
}
