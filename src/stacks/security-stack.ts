/**
 * SecurityStack: one environment's deployable stack. It declares the documented variables
 * (defaults from config), the AWS provider on `var.aws_region` limited to `var.account_id`,
 * the S3 state backend, the SecurityModule, the eight documented outputs and the alerts topic ARN.
 */
import { Construct } from 'constructs';
import {
  DataTerraformRemoteStateS3,
  Fn,
  Op,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  TerraformVariableValidationConfig,
  Token,
} from 'cdktf';
import { alertSubscribers, coveredRegions, ENVIRONMENTS, EnvironmentName, environmentConfig, ProjectConfig } from '../config';
import { OtherRegion, SecurityModule, SharedAccountServices } from '../security/security-module';
import { WAF_LOG_PREFIX } from '../security/waf';
import { remoteStackState, useS3Backend } from './backend';
import { projectAwsProvider, regionAlias } from './provider';
import { securityVariable } from './variables';

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
 * The stack creates the regional services in each covered region through that region's
 * provider; `-var aws_region=<one of them>` would make the home region one of them too and
 * create its services twice. Refused at plan.
 */
function notAnotherCoveredRegion(variable: TerraformVariable, others: readonly string[]): TerraformVariableValidationConfig {
  return {
    condition: Op.not(Fn.contains(others, variable.stringValue)),
    errorMessage:
      `Invalid aws_region "\${var.aws_region}": this stack also covers ${others.join(', ')} through providers of their own, so with aws_region one of them ` +
      `GuardDuty, Security Hub and AWS Config would be created twice in that region. Change the home region with awsRegion in the config (and regions to match), not with -var aws_region.`,
  };
}

/** Name of an environment's security stack. */
export function securityStackName(env: EnvironmentName): string {
  return `security-${env}`;
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
  readonly config: ProjectConfig;
  readonly environment: EnvironmentName;
  /**
   * The logs bucket's name from the logs stack (a cross-stack reference, which cdktf
   * synthesizes as `terraform_remote_state`), for environments whose config says
   * `{ "fromLogsStack": true }`.
   */
  readonly logsBucketFromStack?: string;
}

export class SecurityStack extends TerraformStack {
  readonly module: SecurityModule;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id);
    const { config, environment } = props;
    const env = environmentConfig(config, environment);
    useS3Backend(this, config.stateBackend, id, environment);

    const logsSource = env.logsBucket;
    const projectName = securityVariable(this, 'project_name', { default: config.projectName });
    const environmentVar = securityVariable(this, 'environment', {
      default: environment,
      extraValidations: (v) => [onlyThisEnvironment(v, id, environment)],
    });
    const accountId = securityVariable(this, 'account_id', { default: env.accountId });
    // Regions besides the home one; an environment that shares its account's services creates none.
    const otherRegionNames = env.accountServicesOwner === undefined ? coveredRegions(env).slice(1) : [];
    const awsRegion = securityVariable(this, 'aws_region', {
      default: env.awsRegion,
      extraValidations: (v) => (otherRegionNames.length ? [notAnotherCoveredRegion(v, otherRegionNames)] : []),
    });
    const logsBucketVar = securityVariable(this, 'logs_bucket', { default: typeof logsSource === 'string' ? logsSource : null });

    const providerProps = {
      accountId: accountId.stringValue,
      projectName: projectName.stringValue,
      environment: environmentVar.stringValue,
    };
    projectAwsProvider(this, { ...providerProps, region: awsRegion.stringValue });
    const otherRegions: OtherRegion[] = otherRegionNames.map((name) => ({
      name,
      provider: projectAwsProvider(this, { ...providerProps, region: name, alias: regionAlias(name) }),
    }));

    // logs_bucket: the variable when given, else the configured source.
    let logsBucket = logsBucketVar.stringValue;
    if (typeof logsSource !== 'string') {
      let fallback: string;
      if ('remoteState' in logsSource) {
        const r = logsSource.remoteState;
        const state = new DataTerraformRemoteStateS3(this, 'logs_bucket_source', {
          bucket: r.bucket,
          key: r.key,
          region: r.region,
          ...(r.dynamodbTable ? { dynamodbTable: r.dynamodbTable } : {}),
        });
        fallback = state.getString(r.output);
      } else {
        if (props.logsBucketFromStack === undefined) {
          throw new Error(
            `environments.${environment}.logsBucket is { "fromLogsStack": true } but no logs stack was passed to ${id}: pass logsBucketFromStack.`,
          );
        }
        fallback = props.logsBucketFromStack;
      }
      logsBucket = Token.asString(Fn.coalesce([logsBucketVar.stringValue, fallback]));
    }

    let sharedAccountServices: SharedAccountServices | undefined;
    if (env.accountServicesOwner !== undefined) {
      const owner = remoteStackState(
        this,
        'account_services_owner',
        config.stateBackend,
        securityStackName(env.accountServicesOwner),
        environment,
      );
      sharedAccountServices = {
        guardDutyDetectorId: owner.getString('guardduty_detector_id'),
        guardDutyDetectorIds: Token.asStringMap(owner.get('guardduty_detector_ids')),
        costMonitorArn: owner.getString('cost_monitor_arn'),
      };
    }

    this.module = new SecurityModule(this, 'security', {
      projectName: projectName.stringValue,
      environment: environmentVar.stringValue,
      accountId: accountId.stringValue,
      awsRegion: awsRegion.stringValue,
      logsBucket,
      alertSubscribers: alertSubscribers(env),
      cisMonitoringOff: env.cisMonitoringOff,
      awsConfig: env.awsConfig,
      costAnomaly: env.costAnomaly,
      guardDuty: env.guardDuty,
      // The configured home region decides its GuardDuty plans; the config, not -var aws_region, moves it (README).
      homeRegionName: env.awsRegion,
      accountControls: env.accountControls,
      otherRegions,
      sharedAccountServices,
      // Decided at synth from the configured name; a precondition refuses a -var logs_bucket that does not fit.
      wafLogDestination: typeof logsSource === 'string' && logsSource.startsWith(WAF_LOG_PREFIX) ? 'logs-bucket' : 'log-group',
    });

    securityOutputs(this, this.module);
  }
}

/** The eight documented outputs of `module`, named and described as documented, and the ADDITIONAL_OUTPUTS. */
export function securityOutputs(scope: Construct, module: SecurityModule): void {
  for (const [name, output] of Object.entries({ ...SECURITY_OUTPUTS, ...ADDITIONAL_OUTPUTS })) {
    new TerraformOutput(scope, name, { description: output.description, value: output.value(module), staticId: true });
  }
}
