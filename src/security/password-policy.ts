/**
 * The IAM account password policy (`aws_iam_account_password_policy.main`), one per account.
 * Defaults meet CIS 1.4.0 (IAM.15: length >= 14; IAM.16: reuse prevention 24) and FSBP IAM.7
 * (upper- and lowercase, numbers, symbols); props may only tighten them.
 */
import { Construct } from 'constructs';
import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { checkNumber, wholeNumberIn } from './validation';
import { PASSWORD_POLICY_BOUNDS } from '../catalog/password-policy';
import { importExisting, SETTING_IMPORT_IDS } from './adopt';

export interface PasswordPolicyProps {
  /** Minimum password length: 14 (CIS 1.4.0 1.8) to 128 (IAM's limit). @default 14 */
  readonly minimumLength?: number;
  /** Previous passwords that may not be reused: 24, the most IAM allows and what CIS 1.4.0 1.9 asks. @default 24 */
  readonly reusePrevention?: number;
  /** Days before a password expires, 1-1095 (CIS 1.4.0 no longer asks for expiry). @default no expiry */
  readonly maxAgeDays?: number;
  /** Import the account's policy rather than create it (both overwrite it; the import records the takeover). @default false */
  readonly adoptExisting?: boolean;
}

export class PasswordPolicy extends Construct {
  readonly policy: IamAccountPasswordPolicy;

  constructor(scope: Construct, id: string, props: PasswordPolicyProps = {}) {
    super(scope, id);
    for (const [prop, b] of Object.entries(PASSWORD_POLICY_BOUNDS)) {
      const value = props[prop as keyof typeof PASSWORD_POLICY_BOUNDS];
      checkNumber(
        this,
        prop,
        value,
        wholeNumberIn(b.min, b.max),
        `be a whole number from ${b.min} to ${b.max} (${prop === 'maxAgeDays' ? 'what IAM accepts' : 'what CIS 1.4.0 and FSBP IAM.7 accept'})`,
      );
    }
    this.policy = new IamAccountPasswordPolicy(this, 'main', {
      minimumPasswordLength: props.minimumLength ?? PASSWORD_POLICY_BOUNDS.minimumLength.min,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      passwordReusePrevention: props.reusePrevention ?? PASSWORD_POLICY_BOUNDS.reusePrevention.max,
      maxPasswordAge: props.maxAgeDays,
    });
    this.policy.overrideLogicalId('main');
    importExisting(this.policy, props.adoptExisting ? SETTING_IMPORT_IDS.aws_iam_account_password_policy : undefined);
  }
}
