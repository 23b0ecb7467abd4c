/** `environments.<env>.logsBucket`: a bucket name, the logs stack's bucket, or an output of another configuration's state. */
import { z } from 'zod';
import { S3_BUCKET_NAME_RULES, VARIABLE_SPECS } from '../rules';
import { awsRegionName, doc, must, ruledString, strict, Immutable } from './common';

const nonEmpty = (description: string) =>
  doc(
    z
      .string({ error: (iss) => (iss.input === undefined ? undefined : must('be a non-empty string')) })
      .min(1, { error: must('be a non-empty string') }),
    description,
  );

/** Another Terraform configuration's S3 state and the output to read from it. */
const remoteStateOutputRefSchema = strict({
  bucket: doc(
    ruledString(S3_BUCKET_NAME_RULES, 'the S3 bucket holding that state'),
    "The S3 bucket that holds the other configuration's state.",
  ),
  key: nonEmpty('The state object\'s key in that bucket, e.g. "storage/terraform.tfstate".'),
  region: awsRegionName('the region of that state bucket', 'The region of that state bucket.'),
  output: nonEmpty('The output\'s name in that state, e.g. a storage module\'s "bucket_id".'),
  dynamodbTable: doc(
    z.string(),
    'DynamoDB lock table of that backend (only used for locking when writing; optional for reads).',
  ).optional(),
});

const LOGS_BUCKET_SHAPES = 'be a bucket name, { "fromLogsStack": true } or { "remoteState": { bucket, key, region, output } }';

/**
 * Where an environment's `logs_bucket` comes from:
 * - a plain bucket name (the logs stack creates a bucket of that name);
 * - `{ fromLogsStack: true }`: the logs stack names the bucket and the security stack reads
 *   it through a cdktf cross-stack reference;
 * - `{ remoteState: ... }`: an output of another Terraform configuration's S3 state (no logs
 *   stack is created for that environment; the bucket is someone else's).
 */
export const logsBucketSchema = doc(
  z.union(
    [
      doc(
        ruledString(VARIABLE_SPECS.logs_bucket.rules, 'variable logs_bucket'),
        'The bucket name; the logs stack creates a bucket of that name.',
      ),
      strict({
        fromLogsStack: doc(
          z.literal(true, {
            error: (iss) =>
              iss.input === undefined
                ? undefined
                : must('be true (the logs stack names the bucket)', 'Or give a bucket name instead of the object.'),
          }),
          'The logs stack names the bucket <project>-<env>-logs-<account> and the security stack reads it from there.',
        ),
      }),
      strict({
        remoteState: doc(remoteStateOutputRefSchema, "An output of another Terraform configuration's S3 state; no logs stack is created."),
      }),
    ],
    { error: must(LOGS_BUCKET_SHAPES) },
  ),
  'S3 bucket for CloudTrail and WAF logs (variable logs_bucket): a bucket name, { "fromLogsStack": true } or { "remoteState": {...} }.',
);

export type RemoteStateOutputRef = Immutable<z.infer<typeof remoteStateOutputRefSchema>>;
export type LogsBucketSource = Immutable<z.infer<typeof logsBucketSchema>>;
