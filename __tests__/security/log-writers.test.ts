import { SecurityContext } from '../../src/security/context';
import {
  CLOUDTRAIL_WRITER,
  CONFIG_WRITER,
  LOG_WRITERS,
  logObjectsArn,
  logWriterStatements,
  LogWriterTarget,
  S3_ACCESS_LOGS_WRITER,
  WAF_WRITER,
} from '../../src/security/log-writers';

const context: SecurityContext = {
  projectName: 'govtech',
  environment: 'prod',
  accountId: '123456789012',
  awsRegion: 'eu-west-2',
  partition: 'aws',
};
const target = (bucketName: string, more: Partial<LogWriterTarget> = {}): LogWriterTarget => ({
  context,
  bucketName,
  bucketArn: `arn:aws:s3:::${bucketName}`,
  ownsAccountServices: true,
  ...more,
});

describe('LOG_WRITERS', () => {
  test('one row per writer, in policy order, with the prefixes the security stack configures', () => {
    expect(LOG_WRITERS.map((w) => [w.id, w.prefix])).toEqual([
      ['cloudtrail', 'cloudtrail'],
      ['config', 'config'],
      ['waf', undefined],
      ['s3_access_logs', 's3-access-logs'],
    ]);
  });

  test('who writes where: CloudTrail always, Config for the owner of the account services, WAF to aws-waf-logs- buckets, access logs with sources', () => {
    const plain = target('govtech-prod-logs-123456789012');
    expect(LOG_WRITERS.filter((w) => w.writes(plain)).map((w) => w.id)).toEqual(['cloudtrail', 'config']);
    expect(CONFIG_WRITER.writes(target('b', { ownsAccountServices: false }))).toBe(false);
    expect(WAF_WRITER.writes(target('aws-waf-logs-govtech-prod'))).toBe(true);
    expect(S3_ACCESS_LOGS_WRITER.writes(target('b', { accessLogSourceBucketArns: ['arn:aws:s3:::src'] }))).toBe(true);
    expect(CLOUDTRAIL_WRITER.writes(target('b', { ownsAccountServices: false }))).toBe(true);
  });

  test('log objects live under <prefix>/AWSLogs/<account>/', () => {
    const t = target('b');
    expect(logObjectsArn(t, 'config', 'Config/*')).toBe('arn:aws:s3:::b/config/AWSLogs/123456789012/Config/*');
    expect(logObjectsArn(t, undefined)).toBe('arn:aws:s3:::b/AWSLogs/123456789012/*');
  });

  test('every statement of every writer is limited to this account (aws:SourceArn or aws:SourceAccount)', () => {
    const all = target('aws-waf-logs-govtech-prod', { accessLogSourceBucketArns: ['arn:aws:s3:::src'] });
    const statements = logWriterStatements(all);
    expect(statements.map((s) => s.sid)).toEqual([
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'AWSConfigBucketPermissionsCheck',
      'AWSConfigBucketExistenceCheck',
      'AWSConfigBucketDelivery',
      'AWSLogDeliveryAclCheck',
      'AWSLogDeliveryWrite',
      'S3ServerAccessLogsPolicy',
    ]);
    for (const s of statements) {
      const limits = (s.condition as { variable: string; values: string[] }[]).filter((c) =>
        ['aws:SourceArn', 'aws:SourceAccount'].includes(c.variable),
      );
      expect(limits.length).toBeGreaterThan(0);
      for (const c of limits) for (const v of c.values) expect(v).toMatch(/123456789012|arn:aws:s3:::src/);
    }
    for (const s of statements.filter((x) => x.actions?.includes('s3:PutObject') && x.sid !== 'S3ServerAccessLogsPolicy')) {
      expect(s.condition).toContainEqual({ test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] });
    }
  });
});
