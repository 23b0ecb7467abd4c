/**
 * The state store: the S3 bucket and DynamoDB table that hold and lock every other stack's
 * Terraform state (what the S3 backend of config `stateBackend` points at).
 */
import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { condition } from '../security/iam';
import { bucketArn, secureBucket } from '../security/s3';

export interface StateStoreProps {
  readonly bucketName: string;
  /** ARN partition of the bucket's region (`aws`, `aws-us-gov`, `aws-cn`). */
  readonly partition: string;
  /** Lock table name; none: no table (S3-native `use_lockfile` locking only). */
  readonly lockTableName?: string;
  /** Days the bucket keeps noncurrent state versions. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * The account that holds the state: the bucket refuses principals of every other account
   * (environments in other accounts come in through roles of this one).
   * @default none: only the TLS rule
   */
  readonly administrativeAccountId?: string;
}

export class StateStore extends Construct {
  readonly bucket: S3Bucket;
  readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateStoreProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'state', {
      bucket: props.bucketName,
      // Losing this bucket loses every stack's state.
      lifecycle: { preventDestroy: true },
    });
    this.bucket.overrideLogicalId('state');
    const arn = bucketArn(props.partition, props.bucketName);
    const onlyThisAccount =
      props.administrativeAccountId === undefined
        ? []
        : [
            {
              sid: 'DenyOtherAccounts',
              effect: 'Deny',
              principals: [{ type: '*', identifiers: ['*'] }],
              actions: ['s3:*'],
              resources: [arn, `${arn}/*`],
              condition: [condition('StringNotEquals', 'aws:PrincipalAccount', props.administrativeAccountId)],
            },
          ];
    secureBucket(this, 'state', this.bucket, arn, onlyThisAccount);
    new S3BucketLifecycleConfiguration(this, 'state_lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-noncurrent-state-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    }).overrideLogicalId('state');

    if (props.lockTableName !== undefined) {
      this.lockTable = new DynamodbTable(this, 'lock', {
        name: props.lockTableName,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'LockID',
        attribute: [{ name: 'LockID', type: 'S' }],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: true,
      });
      this.lockTable.overrideLogicalId('lock');
    }
  }
}
