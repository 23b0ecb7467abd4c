/** Catalogue rows no module can satisfy: what the user must do outside this project. */
import { action, Row } from './control';

export const ACTION_CONTROLS: readonly Row[] = [
  action(
    'IAM.1',
    'IAM policies should not allow full "*" administrative privileges',
    'Replace customer managed policies that allow "*" on "*" with least-privilege ones.',
  ),
  action(
    'IAM.3',
    "IAM users' access keys should be rotated every 90 days or less",
    'Rotate IAM user access keys at least every 90 days (better: use roles and IAM Identity Center).',
  ),
  action('IAM.4', 'IAM root user access key should not exist', 'Delete any access key of the root user.'),
  action(
    'IAM.5',
    'MFA should be enabled for all IAM users that have a console password',
    'Give every IAM user with a console password an MFA device.',
  ),
  action('IAM.6', 'Hardware MFA should be enabled for the root user', 'Register a hardware MFA device for the root user.'),
  action('IAM.9', 'MFA should be enabled for the root user', 'Register an MFA device for the root user.'),
  action('IAM.22', 'IAM user credentials unused for 45 days should be removed', 'Deactivate passwords and access keys unused for 45 days.'),
  action(
    'RDS.3',
    'RDS DB instances should have encryption at-rest enabled',
    "Create databases with storage_encrypted and kms_key_id = this stack's kms_key_arn output.",
  ),
  action(
    'S3.5',
    'S3 general purpose buckets should require requests to use SSL',
    "Give every other bucket a policy denying aws:SecureTransport = false (this project's buckets have one).",
  ),
  action(
    'S3.8',
    'S3 general purpose buckets should block public access (bucket level)',
    "Turn on all four Block Public Access settings on every other bucket (this project's buckets have them).",
  ),
  action(
    'S3.20',
    'S3 general purpose buckets should have MFA delete enabled',
    "Turn on MFA delete with the root user's credentials (Terraform cannot).",
  ),
  action(
    'EC2.2',
    'VPC default security groups should not allow inbound or outbound traffic',
    "Remove every rule of each VPC's default security group.",
  ),
  action('EC2.6', 'VPC flow logging should be enabled in all VPCs', 'Turn on flow logs (rejected traffic at least) in every VPC.'),
  action(
    'EC2.21',
    'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389',
    'Remove NACL rules admitting 0.0.0.0/0 to ports 22 and 3389.',
  ),
];
