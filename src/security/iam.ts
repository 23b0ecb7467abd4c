/**
 * Small helpers for IAM policy documents (`data.aws_iam_policy_document`: rendered by
 * Terraform itself, no AWS call) so that statements read like the JSON they become.
 */
import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import {
  DataAwsIamPolicyDocument,
  dataAwsIamPolicyDocumentStatementToTerraform,
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementCondition,
  DataAwsIamPolicyDocumentStatementPrincipals,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

export type PolicyStatement = DataAwsIamPolicyDocumentStatement;

export function servicePrincipal(...identifiers: string[]): DataAwsIamPolicyDocumentStatementPrincipals[] {
  return [{ type: 'Service', identifiers }];
}

export function awsPrincipal(...identifiers: string[]): DataAwsIamPolicyDocumentStatementPrincipals[] {
  return [{ type: 'AWS', identifiers }];
}

export function condition(test: string, variable: string, ...values: string[]): DataAwsIamPolicyDocumentStatementCondition {
  return { test, variable, values };
}

/** A policy document whose Terraform address is `data.aws_iam_policy_document.<name>`. */
export function policyDocument(scope: Construct, name: string, statements: PolicyStatement[]): DataAwsIamPolicyDocument {
  const doc = new DataAwsIamPolicyDocument(scope, name, { statement: statements });
  doc.overrideLogicalId(name);
  return doc;
}

/** A statement, or a function that builds one (or nothing) when the stack is synthesized. */
export type StatementSource = PolicyStatement | (() => PolicyStatement | undefined);

/**
 * A resource policy that the services using the resource add to, like aws-cdk-lib's
 * `addToResourcePolicy`: statements are collected while the app is built and rendered into
 * `data.aws_iam_policy_document.<name>` only at synth, so a service added later in the app
 * (or one that grows a statement's principals, see StatementSource) is still in the policy.
 */
export class ResourcePolicyDocument {
  readonly document: DataAwsIamPolicyDocument;
  private readonly sources: StatementSource[] = [];

  /** `final`: statements rendered after every added one (e.g. a deny that should read last). */
  constructor(
    scope: Construct,
    name: string,
    statements: readonly StatementSource[] = [],
    private readonly final: readonly PolicyStatement[] = [],
  ) {
    this.document = new DataAwsIamPolicyDocument(scope, name, {
      // The generated converter returns `any` (Terraform JSON): the statement list is handed to Terraform as it is.
      statement: Lazy.anyValue({
        produce: (): unknown => this.statements().map((st): unknown => dataAwsIamPolicyDocumentStatementToTerraform(st)),
      }),
    });
    this.document.overrideLogicalId(name);
    statements.forEach((st) => this.addStatement(st));
  }

  /** Add a statement; a statement ID may appear once (Sids name grants in reviews and tests). */
  addStatement(statement: StatementSource): void {
    this.sources.push(statement);
    try {
      this.statements();
    } catch (e) {
      this.sources.pop();
      throw e;
    }
  }

  /** The statements as they are now (functions evaluated); throws on a repeated statement ID. */
  statements(): PolicyStatement[] {
    const added = this.sources.map((s) => (typeof s === 'function' ? s() : s)).filter((s): s is PolicyStatement => s !== undefined);
    const all = [...added, ...this.final];
    const sids = all.map((s) => s.sid).filter((sid): sid is string => sid !== undefined);
    const repeated = sids.find((sid, i) => sids.indexOf(sid) !== i);
    if (repeated !== undefined) {
      throw new Error(
        `policy document ${this.document.friendlyUniqueId} already has a statement "${repeated}": give the new statement another sid.`,
      );
    }
    return all;
  }

  /** The rendered policy JSON (a Terraform reference). */
  get json(): string {
    return this.document.json;
  }
}

/** Deny any request to the bucket `bucketArn` or its objects that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    principals: [{ type: '*', identifiers: ['*'] }],
    actions: ['s3:*'],
    resources: [bucketArn, `${bucketArn}/*`],
    condition: [condition('Bool', 'aws:SecureTransport', 'false')],
  };
}
