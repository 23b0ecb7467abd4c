/**
 * RegionalStack (`security-<env>-<region>`): the regional services (REGIONAL_SERVICES: GuardDuty,
 * Security Hub, AWS Config, EBS default encryption, Access Analyzer) of one covered region
 * besides the home one, through one AWS provider. Each AWS provider configuration is a plugin
 * process that loads the whole AWS schema (about 0.5 GiB): with a stack per region no Terraform
 * run holds more than one, however many regions are covered. The home stack (`security-<env>`)
 * keeps the home region's services, the account's, the finding aggregator and every documented
 * output and address; resources here keep the plain names they have at home
 * (`aws_guardduty_detector.main`).
 *
 * It depends on the home stack, never the other way round: the module key's ARN (Config
 * delivery) is read from the home stack's state (output `kms_key_arn`, through the
 * environment's state role); the Config service-linked role's ARN and the logs bucket come
 * from the config.
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { EnvironmentPlan, RegionalStackPlan } from '../config/plan';
import { configServiceLinkedRoleArn } from '../security/aws-config';
import { currentPartition, SecurityContext } from '../security/context';
import { RegionalBaseline, RegionalBaselineProps } from '../security/regional-baseline';
import { logsBucketFromRemoteState, remoteStackState, useS3Backend } from './backend';
import { projectAwsProvider } from './provider';
import { importRegionalResources } from './regional-migration';
import { forgetOrganizationRunResources, leavingRegionalStack } from './organization-migration';
import { memberGuardDutyDetectorId } from './organization-member';

export interface RegionalStackProps {
  /** The environment's plan (src/config/plan.ts). */
  readonly plan: EnvironmentPlan;
  /** The region this stack covers (one of `plan.regionalStacks`). */
  readonly region: RegionalStackPlan;
}

export class RegionalStack extends TerraformStack {
  /** The region's name, e.g. eu-west-1. */
  readonly region: string;
  readonly baseline: RegionalBaseline;

  constructor(scope: Construct, id: string, props: RegionalStackProps) {
    super(scope, id);
    const { plan } = props;
    this.region = props.region.region;
    useS3Backend(this, plan.state, id);
    projectAwsProvider(this, {
      region: this.region,
      accountId: plan.accountId,
      projectName: plan.projectName,
      environment: plan.environment,
      assumeRoleArn: plan.deployRoleArn,
    });
    const context: SecurityContext = {
      projectName: plan.projectName,
      environment: plan.environment,
      accountId: plan.accountId,
      awsRegion: this.region,
      partition: currentPartition(this),
    };
    const { guardDuty, awsConfig, accountControls } = plan.settings;
    this.baseline = new RegionalBaseline(this, this.region, {
      context,
      region: this.region,
      // The home stack creates the account's Config service-linked role (IAM is global); its ARN is fixed.
      home: { services: { awsConfig: { roleArn: configServiceLinkedRoleArn(context) } } },
      ...this.configDelivery(plan),
      guardDuty,
      awsConfig,
      securityHub: { standards: plan.securityHubStandards, disabledControls: plan.settings.securityHub?.disabledControls },
      accountControlsOff: accountControls?.off,
      adopt: plan.adopt.regions[this.region],
      organizationMember: plan.organization !== undefined,
    });
    new TerraformOutput(this, 'guardduty_detector_id', {
      description: `GuardDuty detector ID of ${this.region}`,
      // A member's detector is the organization's to create: read in this region (memberGuardDutyDetectorId).
      value: this.baseline.services.guardDuty?.detectorId ?? memberGuardDutyDetectorId(this),
      staticId: true,
    });
    const migration = plan.regionalStacksMigration;
    if (migration !== undefined) {
      importRegionalResources(this.baseline, { accountId: plan.accountId, detectorId: migration.guardDutyDetectorIds[this.region] });
    }
    if (plan.organization) forgetOrganizationRunResources(this, leavingRegionalStack(plan.settings, plan.organization));
  }

  /**
   * Where the region's Config recorder delivers: the logs bucket with the module key, whose ARN is
   * read from the home stack's state; for a member of an organization, the log archive bucket under
   * its Config prefix, SSE-S3 (AwsConfigProps.key), which needs nothing from the home stack's state.
   */
  private configDelivery(plan: EnvironmentPlan): Pick<RegionalBaselineProps, 'key' | 'logsBucket' | 'configKeyPrefix'> {
    const member = plan.organization;
    if (member) return { key: undefined, logsBucket: member.trail.bucket, configKeyPrefix: member.trail.configPrefix };
    const home = remoteStackState(this, 'home', plan.state, plan.securityStack);
    return { key: { keyArn: home.getString('kms_key_arn') }, logsBucket: this.logsBucket(plan) };
  }

  /** The logs bucket Config delivers to: the configured or derived name, or the output of the configuration that holds it. */
  private logsBucket(plan: EnvironmentPlan): string {
    const source = plan.logsBucket;
    if (source.kind !== 'remoteState') return source.bucket;
    return logsBucketFromRemoteState(this, source.ref);
  }
}
