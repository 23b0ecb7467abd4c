/** Catalogue rows of the audit trail: CloudTrail and its bucket, and the CIS 4.x monitoring rows. */
import { CIS_MONITORING, CisMonitoringControl } from '../catalog/cis-monitoring';
import type { Row } from './control';
import {
  Block,
  each,
  Finding,
  first,
  isSet,
  isTrue,
  PUBLIC_ACCESS_SETTINGS,
  references,
  resourcesOf,
  some,
  StackJson,
  trailBucketFindings,
} from './stack-json';

/** The metric filter and alarm of a CIS 4.x row, on the trail's log group, alarming into a subscribed topic. */
function monitoringFindings(tf: StackJson, row: CisMonitoringControl): Finding[] {
  const filters = resourcesOf(tf, 'aws_cloudwatch_log_metric_filter').filter(([, f]) => f.pattern === row.filterPattern);
  if (filters.length === 0)
    return [
      {
        resource: 'aws_cloudwatch_log_metric_filter',
        problem: `no metric filter with the pattern Security Hub requires for CIS ${row.cis}`,
      },
    ];
  const trailGroups = resourcesOf(tf, 'aws_cloudtrail').map(([, t]) =>
    typeof t.cloud_watch_logs_group_arn === 'string' ? t.cloud_watch_logs_group_arn : '',
  );
  const findings: Finding[] = [];
  for (const [address, f] of filters) {
    const group = resourcesOf(tf, 'aws_cloudwatch_log_group').find(([a]) => references(f.log_group_name, a));
    if (!group || !trailGroups.some((g) => references(g, group[0]))) {
      findings.push({ resource: address, problem: 'is not on the log group the trail delivers to' });
      continue;
    }
    const metric = first(f.metric_transformation);
    const alarms = resourcesOf(tf, 'aws_cloudwatch_metric_alarm').filter(
      ([, a]) => a.metric_name === metric.name && a.namespace === metric.namespace,
    );
    if (alarms.length === 0) {
      findings.push({ resource: address, problem: `no alarm on its metric ${String(metric.name)}` });
      continue;
    }
    const subscribed = (topic: string) => resourcesOf(tf, 'aws_sns_topic_subscription').some(([, s]) => references(s.topic_arn, topic));
    const ok = alarms.some(([, a]) =>
      ((a.alarm_actions ?? []) as unknown[]).some((action) =>
        resourcesOf(tf, 'aws_sns_topic').some(([topic]) => references(action, topic) && subscribed(topic)),
      ),
    );
    if (ok) return [];
    findings.push({ resource: alarms[0][0], problem: 'alarms into no SNS topic that has a subscriber' });
  }
  return findings;
}

export const TRAIL_CONTROLS: readonly Row[] = [
  {
    kind: 'checked',
    id: 'CloudTrail.1',
    stack: 'security',
    scope: 'environment',
    title:
      'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    check: (tf) =>
      some(tf, 'aws_cloudtrail', 'no trail', (t) => {
        const mgmt = ((t.advanced_event_selector ?? []) as Block[]).some(
          (s) =>
            ((s.field_selector ?? []) as Block[]).some(
              (f) => f.field === 'eventCategory' && JSON.stringify(f.equals ?? f.equal_to) === '["Management"]',
            ) && !((s.field_selector ?? []) as Block[]).some((f) => f.field === 'readOnly'),
        );
        return [
          ...isTrue(t, 'is_multi_region_trail'),
          ...(t.include_global_service_events === false ? ['include_global_service_events is false'] : []),
          ...(mgmt ? [] : ['no advanced event selector of every (read and write) management event']),
        ];
      }),
    fix: 'Keep the module trail multi-region with read and write management events (src/security/cloudtrail.ts).',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.2',
    stack: 'security',
    scope: 'environment',
    title: 'CloudTrail should have encryption at-rest enabled',
    check: (tf) => each(tf, 'aws_cloudtrail', 'no trail', (t) => isSet(t, 'kms_key_id')),
    fix: 'Give the trail the module key (kms_key_id).',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.4',
    stack: 'security',
    scope: 'environment',
    title: 'CloudTrail log file validation should be enabled',
    check: (tf) => each(tf, 'aws_cloudtrail', 'no trail', (t) => isTrue(t, 'enable_log_file_validation')),
    fix: 'Set enable_log_file_validation on the trail.',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.5',
    stack: 'security',
    scope: 'environment',
    title: 'CloudTrail trails should be integrated with Amazon CloudWatch Logs',
    check: (tf) =>
      each(tf, 'aws_cloudtrail', 'no trail', (t) => [...isSet(t, 'cloud_watch_logs_group_arn'), ...isSet(t, 'cloud_watch_logs_role_arn')]),
    fix: 'Deliver the trail to its log group (cloud_watch_logs_group_arn, cloud_watch_logs_role_arn).',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.6',
    stack: 'logs',
    scope: 'environment',
    title: 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
    check: (tf) =>
      trailBucketFindings(tf, (bucket) => {
        const blocks = resourcesOf(tf, 'aws_s3_bucket_public_access_block').filter(([, b]) => references(b.bucket, bucket));
        if (blocks.length === 0) return ['has no aws_s3_bucket_public_access_block'];
        return blocks.flatMap(([, b]) => PUBLIC_ACCESS_SETTINGS.flatMap((s) => isTrue(b, s)));
      }),
    fix: 'Keep secureBucket() on the logs bucket (src/security/s3.ts): all four public access settings on.',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.7',
    stack: 'logs',
    scope: 'environment',
    title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
    check: (tf) =>
      trailBucketFindings(tf, (bucket) => {
        const logging = resourcesOf(tf, 'aws_s3_bucket_logging').filter(([, l]) => references(l.bucket, bucket));
        if (logging.length === 0) return ['has no aws_s3_bucket_logging'];
        return logging.some(([, l]) => typeof l.target_bucket === 'string' && !references(l.target_bucket, bucket))
          ? []
          : ['logs its access into itself or nowhere'];
      }),
    fix: 'Keep the access-logs bucket of LogsBucket (accessLogsBucketName, src/security/logs-bucket.ts).',
  },
  ...CIS_MONITORING.filter((row) => row.securityHubControl !== undefined).map((row): Row => ({
    kind: 'checked',
    id: row.securityHubControl as string,
    stack: 'security',
    scope: 'environment',
    title: row.securityHubTitle ?? row.title,
    check: (tf) => monitoringFindings(tf, row),
    fix: `Keep CIS ${row.cis} on (cisMonitoringOff) and give the alerts topic a subscriber (alertEmails, alertSubscribers).`,
    turnedOffBy: (env) =>
      env.cisMonitoringOff?.[row.cis] ??
      (env.alertsUnsubscribedReason ? `the alerts topic has no subscriber: ${env.alertsUnsubscribedReason}` : undefined),
  })),
];
