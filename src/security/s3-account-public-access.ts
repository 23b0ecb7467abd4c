/**
 * S3 Block Public Access for the whole account (`aws_s3_account_public_access_block.main`),
 * all four settings: Security Hub S3.1 (CIS 1.4.0 2.1.5). One per account (it is global).
 */
import { Construct } from 'constructs';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';

export interface S3AccountPublicAccessProps {
  /** The account whose buckets are covered. @default the provider's account */
  readonly accountId?: string;
}

export class S3AccountPublicAccess extends Construct {
  readonly block: S3AccountPublicAccessBlock;

  constructor(scope: Construct, id: string, props: S3AccountPublicAccessProps = {}) {
    super(scope, id);
    this.block = new S3AccountPublicAccessBlock(this, 'main', {
      accountId: props.accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.block.overrideLogicalId('main');
  }
}
