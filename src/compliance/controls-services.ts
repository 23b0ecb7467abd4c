/** Catalogue rows of the services: AWS Config, EBS encryption, GuardDuty, the IAM account controls, KMS, S3 account public access. */
import type { EnvironmentSettings } from '../config/plan';
import { PASSWORD_POLICY_BOUNDS } from '../catalog/password-policy';
import type { Row } from './control';
import { guardDutyPlanControls } from './guardduty-controls';
import { Block, each, first, isTrue, PUBLIC_ACCESS_SETTINGS, resourcesOf, some, StackJson } from './stack-json';

const ACCOUNT_OWNER_FIX = 'it is created by the stack owning the account services';

export const SERVICE_CONTROLS: readonly Row[] = [
  {
    kind: 'checked',
    id: 'Config.1',
    stack: 'security',
    scope: 'account',
    title: 'AWS Config should be enabled and use the service-linked role for resource recording',
    check: (tf) => [
      ...some(tf, 'aws_config_configuration_recorder', 'no recorder', (r) => {
        const group = first(r.recording_group);
        return [
          ...isTrue(group, 'all_supported').map((p) => `recording_group.${p}`),
          ...(typeof r.role_arn === 'string' &&
          (r.role_arn.includes('aws_iam_service_linked_role.') || r.role_arn.includes('AWSServiceRoleForConfig'))
            ? []
            : ['role_arn is not the service-linked role AWSServiceRoleForConfig']),
        ];
      }),
      ...some(tf, 'aws_config_configuration_recorder_status', 'no recorder status (the recorder is off)', (s) => isTrue(s, 'is_enabled')),
    ],
    fix: `Keep the AwsConfig of the module (${ACCOUNT_OWNER_FIX}).`,
    leftToUserBy: (env) => configManagedElsewhereAction(env.awsConfig?.managedElsewhere),
  },
  {
    kind: 'checked',
    id: 'EC2.7',
    stack: 'security',
    scope: 'account',
    title: 'EBS default encryption should be enabled',
    // Every covered region's setting (RegionalBaseline creates one per region).
    check: (tf) =>
      each(tf, 'aws_ebs_encryption_by_default', 'no EBS encryption by default', (e) => (e.enabled === false ? ['enabled is false'] : [])),
    fix: 'Remove accountControls.off.ebsEncryption (src/security/ebs-encryption.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.ebsEncryption,
  },
  {
    kind: 'checked',
    id: 'GuardDuty.1',
    stack: 'security',
    scope: 'account',
    title: 'GuardDuty should be enabled',
    check: (tf) => some(tf, 'aws_guardduty_detector', 'no GuardDuty detector', (d) => (d.enable === false ? ['enable is false'] : [])),
    fix: `Keep the GuardDuty of the module (${ACCOUNT_OWNER_FIX}).`,
  },
  ...guardDutyPlanControls(),
  ...passwordPolicyControls(),
  {
    kind: 'checked',
    id: 'IAM.18',
    stack: 'security',
    scope: 'account',
    title: 'Ensure a support role has been created to manage incidents with AWS Support',
    check: (tf) => {
      const attached = resourcesOf(tf, 'aws_iam_role_policy_attachment').some(
        ([, a]) => typeof a.policy_arn === 'string' && a.policy_arn.endsWith(':iam::aws:policy/AWSSupportAccess'),
      );
      return attached ? [] : [{ resource: 'aws_iam_role_policy_attachment', problem: 'no role has AWSSupportAccess attached' }];
    },
    fix: 'Remove accountControls.off.supportRole (src/security/support-role.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.supportRole,
  },
  {
    kind: 'checked',
    id: 'IAM.28',
    stack: 'security',
    scope: 'account',
    title: 'IAM Access Analyzer external access analyzer should be enabled',
    check: (tf) =>
      each(tf, 'aws_accessanalyzer_analyzer', 'no IAM Access Analyzer', (a) =>
        ['ACCOUNT', 'ORGANIZATION', undefined].includes(a.type as string)
          ? []
          : [`type is ${String(a.type)}, not an external access analyzer`],
      ),
    fix: 'Remove accountControls.off.accessAnalyzer (src/security/access-analyzer.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.accessAnalyzer,
  },
  {
    kind: 'checked',
    id: 'KMS.4',
    stack: 'security',
    scope: 'environment',
    title: 'AWS KMS key rotation should be enabled',
    check: (tf) => each(tf, 'aws_kms_key', 'no KMS key', (k) => isTrue(k, 'enable_key_rotation')),
    fix: 'Set enable_key_rotation on every customer managed key (src/security/kms.ts).',
  },
  {
    kind: 'checked',
    id: 'S3.1',
    stack: 'security',
    scope: 'account',
    title: 'S3 general purpose buckets should have block public access settings enabled',
    check: (tf) =>
      some(tf, 'aws_s3_account_public_access_block', 'no account-level S3 Block Public Access', (b) =>
        PUBLIC_ACCESS_SETTINGS.flatMap((s) => isTrue(b, s)),
      ),
    fix: 'Remove accountControls.off.s3AccountPublicAccess (src/security/s3-account-public-access.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.s3AccountPublicAccess,
  },
];

/** IAM.7 (FSBP), IAM.15 and IAM.16 (CIS 1.4.0) read the one password policy. */
function passwordPolicyControls(): Row[] {
  const policy = (problems: (p: Block) => string[]) => (tf: StackJson) =>
    some(tf, 'aws_iam_account_password_policy', 'no IAM account password policy', problems);
  const base = {
    kind: 'checked',
    stack: 'security',
    scope: 'account',
    fix: 'Remove accountControls.off.passwordPolicy and keep accountControls.passwordPolicy within the CIS bounds (src/security/password-policy.ts).',
    turnedOffBy: (env: EnvironmentSettings) => env.accountControls?.off?.passwordPolicy,
  } as const;
  const atLeast = (p: Block, attr: string, min: number) =>
    typeof p[attr] === 'number' && p[attr] >= min ? [] : [`${attr} is ${JSON.stringify(p[attr])}, below ${min}`];
  return [
    {
      ...base,
      id: 'IAM.7',
      title: 'Password policies for IAM users should have strong configurations',
      check: policy((p) => [
        ...['require_uppercase_characters', 'require_lowercase_characters', 'require_numbers', 'require_symbols'].flatMap((a) =>
          isTrue(p, a),
        ),
        ...atLeast(p, 'minimum_password_length', 8),
      ]),
    },
    {
      ...base,
      id: 'IAM.15',
      title: 'Ensure IAM password policy requires minimum password length of 14 or greater',
      check: policy((p) => atLeast(p, 'minimum_password_length', PASSWORD_POLICY_BOUNDS.minimumLength.min)),
    },
    {
      ...base,
      id: 'IAM.16',
      title: 'Ensure IAM password policy prevents password reuse',
      check: policy((p) => atLeast(p, 'password_reuse_prevention', PASSWORD_POLICY_BOUNDS.reusePrevention.min)),
    },
  ];
}

/**
 * What Config.1 asks of an environment whose recorder another tool runs (`awsConfig.managedElsewhere`).
 * Config.1 checks by default that the recorder uses the service-linked role AWSServiceRoleForConfig;
 * Control Tower's recorder uses a role of its own, so the control fails until its parameter
 * `includeConfigServiceLinkedRoleCheck` (Boolean, default true: Security Hub user guide, "Security
 * Hub controls for AWS Config", Config.1 parameters) is set to false.
 */
function configManagedElsewhereAction(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  return (
    `AWS Config's recorder is managed elsewhere (${reason}): this stack creates none. Make sure that recorder records all resource types in every covered region, ` +
    `and, since it does not use the service-linked role AWSServiceRoleForConfig that Config.1 checks for by default, set Config.1's parameter ` +
    `includeConfigServiceLinkedRoleCheck to false in each covered region: aws securityhub update-security-control --security-control-id Config.1 ` +
    `--parameters '{"includeConfigServiceLinkedRoleCheck":{"ValueType":"CUSTOM","Value":{"Boolean":false}}}' --region <region>`
  );
}
