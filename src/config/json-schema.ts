/**
 * The JSON Schema of config/environments.json, generated from the zod schemas, for editors
 * (VS Code and JetBrains complete and check a JSON file that names it in "$schema").
 *
 * Rules beyond JSON Schema, checked only by synth (validateConfig): rules a value must NOT
 * match (S3 reserved prefixes, IP-shaped or ".."-bucket names, "--" in the project name),
 * repeats in lists (emails, endpoints, regions), and every rule between fields: dynamodbTable
 * unless useLockfile, accountId with roleArns, state roles in the state account and required
 * for environments outside it, rolePrincipals in their environment's account and only with a
 * role, regions including awsRegion and in its partition, logsArchiveAfterDays below
 * logsRetentionDays, a subscriber or alertsUnsubscribedReason, supportRolePrincipals in the
 * environment's account, awsConfig/accountControls/regions left to the accountServicesOwner,
 * owners in the same account and region, one owner per shared account, the derived logs
 * bucket name of { "fromLogsStack": true }, adopt's region keys among the covered regions and
 * its cost monitor in the environment's account, no adopt with accountServicesOwner, and neither
 * an adopted recorder or channel nor recorder settings with awsConfig.managedElsewhere; and in
 * organization mode: the security and log archive accounts not the management account, deploy
 * roles in their accounts, organization state roles (required outside the state account, only
 * with organization), no member in the management account, members' home regions and regions
 * within organization.regions, and no member securityHub, guardDuty, adopt.securityHub,
 * adopt.guardDutyDetectorIds or regionalStacksMigration.
 */
import { z } from 'zod';
import { projectConfigSchema } from './schema/project';

/** Where `npm run schema` writes it, relative to the repository. */
export const JSON_SCHEMA_FILE = 'config/environments.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  // Unrepresentable types throw (the default): a schema an editor cannot check should not pass unnoticed.
  const schema = z.toJSONSchema(projectConfigSchema, { target: 'draft-2020-12', io: 'input' });
  return { ...schema, title: 'govtech-security config (config/environments.json)' };
}

/** The file's text: stable key order as generated, two-space indent, final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
