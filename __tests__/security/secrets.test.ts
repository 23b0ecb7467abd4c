import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { ApplicationSecrets } from '../../src/security/secrets';
import { allKeys, synth, synthModule } from '../helpers/unit';

const KEY_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/test-key';

function synthSecrets(recoveryWindowInDays?: number) {
  return synth((scope, context) => new ApplicationSecrets(scope, 'secrets', { context, kmsKeyArn: KEY_ARN, recoveryWindowInDays }));
}

describe('ApplicationSecrets', () => {
  const s = synthSecrets();

  test.each([
    ['db_credentials', 'govtech/prod/db-credentials'],
    ['jwt_secret', 'govtech/prod/jwt-secret'],
  ])('aws_secretsmanager_secret.%s is %s, KMS-encrypted, restorable for 7 days', (address, name) => {
    expect(s.resource(SecretsmanagerSecret, address)).toMatchObject({ name, kms_key_id: KEY_ARN, recovery_window_in_days: 7 });
  });

  test('the recovery window can be set', () => {
    const secrets = Object.values(synthSecrets(30).resources(SecretsmanagerSecret));
    expect(secrets.map((x) => x.recovery_window_in_days)).toEqual([30, 30]);
  });
});

describe('no secret value in Terraform (full SecurityModule synth)', () => {
  const { synth: s } = synthModule({ alertEmails: ['secops@example.gov'] });

  test('no aws_secretsmanager_secret_version, nor any resource that generates a password', () => {
    expect(s.addresses().filter((a) => /secret_version|random_password|random_string/.test(a))).toEqual([]);
    expect(Object.keys(s.resources(SecretsmanagerSecret)).sort()).toEqual(['db_credentials', 'jwt_secret']);
  });

  test('no attribute that carries a secret value', () => {
    expect(s.raw).not.toContain('secret_string');
    // The account password policy's attributes are rules about passwords, not passwords.
    const policyRules = [
      'aws_iam_account_password_policy',
      'allow_users_to_change_password',
      'minimum_password_length',
      'password_reuse_prevention',
    ];
    expect(allKeys(s.json).filter((k) => /secret_string|secret_binary|password/i.test(k) && !policyRules.includes(k))).toEqual([]);
  });
});
