/**
 * One environment's way into the state: a role in the state account that the environment's
 * account (or the principals config names) may assume, allowed exactly that environment's
 * state objects and lock items, and read-only the few other states it needs.
 *
 * The policies are written as JSON at synth, not through `data.aws_iam_policy_document`:
 * every value is known from config, and the documents can then be evaluated by a policy
 * simulator without Terraform.
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';

export interface IamPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: { readonly AWS: string | readonly string[] };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamPolicyStatement[];
}

/** A stack state the role reaches. */
export interface StateObject {
  /** The state object's key. */
  readonly key: string;
  /** The stack's folder (`<keyPrefix>/<stack>/`): its key, lock file and workspaces, which the role may list. */
  readonly folder: string;
}

export interface StateAccessRoleProps {
  /** ARN of the role to create (`arn:<partition>:iam::<state account>:role/<path/><name>`). */
  readonly roleArn: string;
  /** Principals that may assume the role (the environment's account root, or named principals). */
  readonly trustedPrincipals: readonly string[];
  readonly bucketName: string;
  /** States the role reads and writes (and locks). */
  readonly readWrite: readonly StateObject[];
  /** States the role may only read. @default none */
  readonly readOnly?: readonly StateObject[];
  /** ARN of the DynamoDB lock table; none: no table (S3 lock files only). */
  readonly lockTableArn?: string;
  /** Terraform also writes `<key>.tflock` lock files (`use_lockfile`). @default false */
  readonly useLockfile?: boolean;
}

/** `arn:<partition>:iam::<account>:role/<path/><name>` split into the parts IAM takes. */
export function parseRoleArn(arn: string): { partition: string; account: string; path: string; name: string } {
  const m = /^arn:([a-z-]+):iam::([0-9]{12}):role\/(?:(.*)\/)?([^/]+)$/.exec(arn);
  if (!m)
    throw new Error(`roleArn = "${arn}": must be an IAM role ARN such as arn:aws:iam::999999999999:role/govtech-prod-terraform-state`);
  return { partition: m[1], account: m[2], path: m[3] ? `/${m[3]}/` : '/', name: m[4] };
}

/** The trust policy: only `principals` may assume the role. */
function stateRoleTrustPolicy(principals: readonly string[]): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AssumeFromEnvironment', Effect: 'Allow', Principal: { AWS: [...principals] }, Action: 'sts:AssumeRole' }],
  };
}

/**
 * The role's permissions, as Terraform's S3 backend uses them: list its folders (workspaces,
 * and the 404 S3 gives only to those who may list), get/put/delete its state objects (and
 * lock files), get/put/delete its lock and digest items in the table and describe the table; for read-only states,
 * get the object and its digest only.
 */
function stateAccessPolicy(props: StateAccessRoleProps): IamPolicyDocument {
  const { partition } = parseRoleArn(props.roleArn);
  const bucketArn = `arn:${partition}:s3:::${props.bucketName}`;
  const readOnly = props.readOnly ?? [];
  const objectKeys = (states: readonly StateObject[], lockFiles: boolean) =>
    states.flatMap((s) => (lockFiles ? [s.key, `${s.key}.tflock`] : [s.key])).map((k) => `${bucketArn}/${k}`);
  // The S3 backend's LockID items: "<bucket>/<key>" (the lock) and "<bucket>/<key>-md5" (the state's digest).
  const lockId = (key: string) => `${props.bucketName}/${key}`;
  const statements: IamPolicyStatement[] = [
    {
      Sid: 'ListOwnStateFolders',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': [...props.readWrite, ...readOnly].map((s) => `${s.folder}*`) } },
    },
    {
      Sid: 'ReadWriteOwnState',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: objectKeys(props.readWrite, props.useLockfile ?? false),
    },
  ];
  if (readOnly.length)
    statements.push({ Sid: 'ReadSharedState', Effect: 'Allow', Action: 's3:GetObject', Resource: objectKeys(readOnly, false) });
  if (props.lockTableArn !== undefined) {
    statements.push({
      Sid: 'LockOwnState',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Resource: props.lockTableArn,
      Condition: {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': props.readWrite.flatMap((s) => [lockId(s.key), `${lockId(s.key)}-md5`]) },
      },
    });
    // Terraform's S3 backend documentation ("DynamoDB Table Permissions") lists DescribeTable
    // beside the item actions. It names no item (no dynamodb:LeadingKeys): the table alone limits it.
    statements.push({ Sid: 'DescribeLockTable', Effect: 'Allow', Action: 'dynamodb:DescribeTable', Resource: props.lockTableArn });
    if (readOnly.length) {
      statements.push({
        Sid: 'ReadSharedStateDigest',
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: props.lockTableArn,
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': readOnly.map((s) => `${lockId(s.key)}-md5`) } },
      });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

export class StateAccessRole extends Construct {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  readonly trustPolicyDocument: IamPolicyDocument;
  readonly policyDocument: IamPolicyDocument;

  /** `name`: the Terraform name of the role and its policy (`aws_iam_role.<name>`). */
  constructor(scope: Construct, name: string, props: StateAccessRoleProps) {
    super(scope, name);
    const { path, name: roleName } = parseRoleArn(props.roleArn);
    this.trustPolicyDocument = stateRoleTrustPolicy(props.trustedPrincipals);
    this.policyDocument = stateAccessPolicy(props);
    this.role = new IamRole(this, 'role', {
      name: roleName,
      path,
      description: `Terraform state access: ${props.readWrite.map((s) => s.key).join(', ')}`.slice(0, 1000),
      assumeRolePolicy: JSON.stringify(this.trustPolicyDocument),
    });
    this.role.overrideLogicalId(name);
    this.policy = new IamRolePolicy(this, 'policy', {
      name: 'terraform-state',
      role: this.role.name,
      policy: JSON.stringify(this.policyDocument),
    });
    this.policy.overrideLogicalId(name);
  }
}
