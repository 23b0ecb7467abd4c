/**
 * The account-level controls: each construct's resource and prop checks, the support role's
 * trust evaluated, and their wiring in the SecurityModule (once per account: not with
 * sharedAccountServices; each can be turned off).
 */
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { AccessAnalyzer } from '../../src/security/access-analyzer';
import { PasswordPolicy } from '../../src/security/password-policy';
import { SupportRole } from '../../src/security/support-role';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { ACCOUNT, PARTITION, synth, synthModule } from '../helpers/unit';

const ACCOUNT_CONTROL_TYPES = [
  IamAccountPasswordPolicy,
  S3AccountPublicAccessBlock,
  EbsEncryptionByDefault,
  AccessanalyzerAnalyzer,
  IamRolePolicyAttachment,
];

describe('SecurityModule: the account-level controls', () => {
  const { synth: s } = synthModule();

  test('password policy meeting CIS 1.4.0 and FSBP IAM.7', () => {
    expect(s.resource(IamAccountPasswordPolicy, 'main')).toMatchObject({
      minimum_password_length: 14,
      password_reuse_prevention: 24,
      require_uppercase_characters: true,
      require_lowercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      allow_users_to_change_password: true,
    });
    expect(s.resource(IamAccountPasswordPolicy, 'main').max_password_age).toBeUndefined();
  });

  test('S3 Block Public Access for the account, EBS encryption by default (AWS managed key), an account analyzer', () => {
    expect(s.resource(S3AccountPublicAccessBlock, 'main')).toMatchObject({
      account_id: ACCOUNT,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(s.resource(EbsEncryptionByDefault, 'main')).toEqual(expect.objectContaining({ enabled: true }));
    expect(s.json.resource?.aws_ebs_default_kms_key).toBeUndefined();
    expect(s.resource(AccessanalyzerAnalyzer, 'account')).toMatchObject({ analyzer_name: 'govtech-prod-account', type: 'ACCOUNT' });
  });

  test('the support role has AWSSupportAccess and is assumable by the account only', async () => {
    expect(s.resource(IamRole, 'support')).toMatchObject({ name: 'govtech-prod-support' });
    expect(s.resource(IamRolePolicyAttachment, 'support')).toMatchObject({
      role: '${aws_iam_role.support.name}',
      policy_arn: `arn:${PARTITION}:iam::aws:policy/AWSSupportAccess`,
    });
    const trust = renderPolicy(s.data(DataAwsIamPolicyDocument, 'support_assume_role').statement, {
      'data.aws_partition.current.partition': 'aws',
    });
    const role = `arn:aws:iam::${ACCOUNT}:role/govtech-prod-support`;
    const assume = (principal: string) => decide(trust, { principal, action: 'sts:AssumeRole', resource: role, resourceAccount: ACCOUNT });
    expect(await assume(`arn:aws:iam::${ACCOUNT}:role/oncall`)).toBe('Allowed');
    expect(await assume('arn:aws:iam::999999999999:role/intruder')).toBe('ImplicitlyDenied');
  });

  test('supportRolePrincipals limit the trust to them', async () => {
    const { synth: named } = synthModule({
      accountControls: { supportRolePrincipals: [`arn:aws:iam::${ACCOUNT}:role/support-engineers`] },
    });
    const trust = renderPolicy(named.data(DataAwsIamPolicyDocument, 'support_assume_role').statement, {});
    const assume = (principal: string) =>
      decide(trust, {
        principal,
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/govtech-prod-support`,
        resourceAccount: ACCOUNT,
      });
    expect(await assume(`arn:aws:iam::${ACCOUNT}:role/support-engineers`)).toBe('Allowed');
    expect(await assume(`arn:aws:iam::${ACCOUNT}:role/oncall`)).toBe('ImplicitlyDenied');
  });

  test('each can be turned off', () => {
    const { synth: off, module } = synthModule({
      accountControls: {
        off: { passwordPolicy: 'x', s3AccountPublicAccess: 'x', ebsEncryption: 'x', accessAnalyzer: 'x', supportRole: 'x' },
      },
    });
    for (const type of ACCOUNT_CONTROL_TYPES) expect(off.resources(type)).toEqual({});
    expect(Object.keys(off.resources(IamRole))).toEqual(['cloudtrail_cloudwatch']);
    expect([module.passwordPolicy, module.s3AccountPublicAccess, module.supportRole]).toEqual([undefined, undefined, undefined]);
    expect([module.regionalBaselines[0].services.ebsEncryption, module.regionalBaselines[0].services.accessAnalyzer]).toEqual([
      undefined,
      undefined,
    ]);
  });

  test('none with sharedAccountServices (the owner of the account has them)', () => {
    const { synth: shared } = synthModule({
      sharedAccountServices: { guardDutyDetectorId: 'd', costMonitorArn: 'arn:aws:ce::123456789012:anomalymonitor/x' },
    });
    for (const type of ACCOUNT_CONTROL_TYPES) expect(shared.resources(type)).toEqual({});
  });
});

describe('account-level control props are checked', () => {
  test.each([
    [{ minimumLength: 12 }, 'minimumLength = 12: must be a whole number from 14 to 128'],
    [{ reusePrevention: 5 }, 'reusePrevention = 5: must be a whole number from 24 to 24'],
    [{ maxAgeDays: 0 }, 'maxAgeDays = 0: must be a whole number from 1 to 1095'],
  ])('PasswordPolicy %j', (props, message) => {
    expect(() => synth((scope) => new PasswordPolicy(scope, 'pp', props))).toThrow(message);
  });

  test('PasswordPolicy within the bounds', () => {
    const s = synth((scope) => new PasswordPolicy(scope, 'pp', { minimumLength: 20, maxAgeDays: 90 }));
    expect(s.resource(IamAccountPasswordPolicy, 'main')).toMatchObject({
      minimum_password_length: 20,
      max_password_age: 90,
      password_reuse_prevention: 24,
    });
  });

  test('AccessAnalyzer name', () => {
    expect(() => synth((scope) => new AccessAnalyzer(scope, 'aa', { analyzerName: '1bad name' }))).toThrow(
      'analyzerName = "1bad name": must be 1-255 letters',
    );
  });

  test('SupportRole principals of another account', () => {
    expect(() =>
      synth((scope, context) => new SupportRole(scope, 'sr', { context, roleName: 'x', principals: ['arn:aws:iam::999999999999:role/x'] })),
    ).toThrow(
      'principals[0] = "arn:aws:iam::999999999999:role/x": must be the ARN of the account root, a role or a user of account 123456789012',
    );
  });
});
