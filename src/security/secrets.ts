/**
 * Secrets Manager: the containers for the database credentials and the JWT signing key
 * (`aws_secretsmanager_secret.db_credentials`, `.jwt_secret`), KMS-encrypted with a 7-day
 * recovery window. The module creates no secret value, not even a placeholder: a value in
 * Terraform would sit in the synthesized JSON or the state. Values are put in with
 * `aws secretsmanager put-secret-value` (see the README).
 */
import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { checkNumber } from './validation';

export interface ApplicationSecretsProps {
  readonly context: SecurityContext;
  readonly kmsKeyArn: string;
  /** Days a deleted secret can still be restored: 7 to 30, or 0 to delete at once. @default 7 */
  readonly recoveryWindowInDays?: number;
}

export class ApplicationSecrets extends Construct {
  readonly dbCredentials: SecretsmanagerSecret;
  readonly jwtSecret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    checkNumber(
      this,
      'recoveryWindowInDays',
      props.recoveryWindowInDays,
      (v) => v === 0 || (Number.isInteger(v) && v >= 7 && v <= 30),
      'be a whole number of days from 7 to 30, or 0 to delete without recovery (Secrets Manager)',
    );
    const names = resourceNames(props.context);
    const secret = (logicalId: string, name: string, description: string) => {
      const s = new SecretsmanagerSecret(this, logicalId, {
        name,
        description,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.recoveryWindowInDays ?? 7,
      });
      s.overrideLogicalId(logicalId);
      return s;
    };
    this.dbCredentials = secret('db_credentials', names.dbSecret, 'Database credentials: JSON with username, password, host, port, dbname');
    this.jwtSecret = secret('jwt_secret', names.jwtSecret, 'JWT signing key');
  }
}
