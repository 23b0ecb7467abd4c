/**
 * Small helpers for IAM policy documents (`data.aws_iam_policy_document`: rendered by
 * Terraform itself, no AWS call) so that statements read like the JSON they become.
 */
import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
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
