/**
 * The support role (`aws_iam_role.support` with `AWSSupportAccess` attached): Security Hub
 * IAM.18 (CIS 1.4.0 1.17), which passes when the AWS managed policy is attached to some role,
 * user or group. One per account; assumable only by principals of the account.
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { accountRoot, SecurityContext } from './context';
import { awsPrincipal, policyDocument } from './iam';
import { refuse } from './validation';

export interface SupportRoleProps {
  readonly context: SecurityContext;
  /** Role name. */
  readonly roleName: string;
  /**
   * Principals (IAM role or user ARNs of this account) that may assume the role; they also
   * need `sts:AssumeRole` in their own policies. @default the account (any principal whose IAM policy allows it)
   */
  readonly principals?: readonly string[];
}

/** `arn:<partition>:iam::aws:policy/AWSSupportAccess`. */
function supportAccessPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AWSSupportAccess`;
}

export class SupportRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: SupportRoleProps) {
    super(scope, id);
    const ctx = props.context;
    const principals = props.principals ?? [accountRoot(ctx)];
    principals.forEach((p, i) => {
      if (p.includes('${')) return;
      const m = /^arn:aws[a-z-]*:iam::([0-9]{12}):(root|role\/.+|user\/.+)$/.exec(p);
      if (!m || (!ctx.accountId.includes('${') && m[1] !== ctx.accountId)) {
        refuse(
          this,
          `principals[${i}] = "${p}": must be the ARN of the account root, a role or a user of account ${ctx.accountId} (the support role is for this account's own people).`,
        );
      }
    });
    const trust = policyDocument(this, 'support_assume_role', [{ actions: ['sts:AssumeRole'], principals: awsPrincipal(...principals) }]);
    this.role = new IamRole(this, 'support', {
      name: props.roleName,
      description: 'AWS Support access for this account (CIS 1.4.0 1.17)',
      assumeRolePolicy: trust.json,
    });
    this.role.overrideLogicalId('support');
    new IamRolePolicyAttachment(this, 'support_attachment', {
      role: this.role.name,
      policyArn: supportAccessPolicyArn(ctx.partition),
    }).overrideLogicalId('support');
    this.roleArn = this.role.arn;
  }
}
