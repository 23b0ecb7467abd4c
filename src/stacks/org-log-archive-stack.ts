/**
 * `org-log-archive`: the log archive account's stack (home region), first in the organization's
 * deploy order. It holds the bucket the organization trail and the members' AWS Config write
 * to, and the trail's KMS key, whose ARN the management stack reads from this stack's state
 * (`org_trail_key_arn`): a key policy cannot grant through an alias, and the key ID is known
 * only after apply.
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ORGANIZATION_ENVIRONMENT, OrganizationPlan } from '../config/organization-plan';
import { OrganizationLogArchive } from '../security/organization-log-archive';
import { deployToOrganizationAccount } from './organization-account';

export interface OrgLogArchiveStackProps {
  readonly org: OrganizationPlan;
}

export class OrgLogArchiveStack extends TerraformStack {
  readonly archive: OrganizationLogArchive;

  constructor(scope: Construct, id: string, props: OrgLogArchiveStackProps) {
    super(scope, id);
    const { org } = props;
    const account = org.logArchive;
    // The state key is the plan's stack name, which the management stack reads it by.
    deployToOrganizationAccount(this, {
      org,
      account,
      stackName: account.stack,
      region: org.awsRegion,
      environment: ORGANIZATION_ENVIRONMENT,
    });

    this.archive = new OrganizationLogArchive(this, 'log_archive', { org });
    new TerraformOutput(this, 'org_trail_key_arn', {
      value: this.archive.trailKey.keyArn,
      description: "ARN of the organization trail's KMS key: kms_key_id of the organization trail in the management account",
      staticId: true,
    });
    new TerraformOutput(this, 'org_logs_bucket_name', {
      value: this.archive.bucketName,
      description: "Name of the log archive bucket: the organization trail's and the members' AWS Config deliveries",
      staticId: true,
    });
  }
}
