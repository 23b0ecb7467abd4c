/**
 * The FSBP controls of GuardDuty's protection plans (GuardDuty.5 to .13), checked per covered
 * region: every detector of the security stack must have the plan's `aws_guardduty_detector_feature`
 * ENABLED (and, for the runtime controls, the agent management the control names), except in a
 * region where GuardDuty does not offer the plan (src/catalog/guardduty-regions.ts): there the
 * feature must be absent and the report says so. A plan config leaves off is waived with that reason.
 *
 * Source: Security Hub user guide, "Security Hub CSPM controls for Amazon GuardDuty" (read
 * 2026-11-29): IDs, titles, and what each checks ("GuardDuty.7 ... EKS Runtime Monitoring with
 * automated agent management", ".12 ... automated security agent ... of Amazon ECS clusters on
 * AWS Fargate", ".13 ... of Amazon EC2 instances"). GuardDuty.2 to .4 (tagging) are not plans.
 */
import type { GuardDutyOptions } from '../config';
import { GuardDutyFeatureName, guardDutyOffers } from '../catalog/guardduty-regions';
import type { CheckedControl } from './control';
import type { Block, Finding, StackJson } from './stack-json';

interface PlanControl {
  readonly id: string;
  readonly title: string;
  readonly feature: GuardDutyFeatureName;
  /** The agent management setting of RUNTIME_MONITORING the control checks too. */
  readonly agent?: 'EKS_ADDON_MANAGEMENT' | 'ECS_FARGATE_AGENT_MANAGEMENT' | 'EC2_AGENT_MANAGEMENT';
  /** The config option that turns the plan on; none: always on. */
  readonly option?: keyof GuardDutyOptions;
}

const PLAN_CONTROLS: readonly PlanControl[] = [
  { id: 'GuardDuty.5', title: 'GuardDuty EKS Audit Log Monitoring should be enabled', feature: 'EKS_AUDIT_LOGS' },
  {
    id: 'GuardDuty.6',
    title: 'GuardDuty Lambda Protection should be enabled',
    feature: 'LAMBDA_NETWORK_LOGS',
    option: 'lambdaNetworkLogs',
  },
  {
    id: 'GuardDuty.7',
    title: 'GuardDuty EKS Runtime Monitoring should be enabled',
    feature: 'RUNTIME_MONITORING',
    agent: 'EKS_ADDON_MANAGEMENT',
    option: 'runtimeMonitoring',
  },
  { id: 'GuardDuty.8', title: 'GuardDuty Malware Protection for EC2 should be enabled', feature: 'EBS_MALWARE_PROTECTION' },
  { id: 'GuardDuty.9', title: 'GuardDuty RDS Protection should be enabled', feature: 'RDS_LOGIN_EVENTS', option: 'rdsLoginEvents' },
  { id: 'GuardDuty.10', title: 'GuardDuty S3 Protection should be enabled', feature: 'S3_DATA_EVENTS' },
  {
    id: 'GuardDuty.11',
    title: 'GuardDuty Runtime Monitoring should be enabled',
    feature: 'RUNTIME_MONITORING',
    option: 'runtimeMonitoring',
  },
  {
    id: 'GuardDuty.12',
    title: 'GuardDuty ECS Runtime Monitoring should be enabled',
    feature: 'RUNTIME_MONITORING',
    agent: 'ECS_FARGATE_AGENT_MANAGEMENT',
    option: 'runtimeMonitoring',
  },
  {
    id: 'GuardDuty.13',
    title: 'GuardDuty EC2 Runtime Monitoring should be enabled',
    feature: 'RUNTIME_MONITORING',
    agent: 'EC2_AGENT_MANAGEMENT',
    option: 'runtimeMonitoring',
  },
];

const resources = (tf: StackJson, type: string): [string, Block][] =>
  Object.entries(tf.resource?.[type] ?? {}).map(([name, block]) => [`${type}.${name}`, block]);

/** The region a resource is created in: its provider's `region`, a `${var.x}` read from the variable's default. */
function regionOf(tf: StackJson, block: Block): string | undefined {
  const alias = typeof block.provider === 'string' ? block.provider.replace(/^aws\.?/, '') : '';
  const provider = (tf.provider?.aws ?? []).find((p) => (p.alias ?? '') === alias);
  const region = provider?.region;
  if (typeof region !== 'string') return undefined;
  const variable = /^\$\{var\.(\w+)\}$/.exec(region)?.[1];
  if (variable === undefined) return region.includes('${') ? undefined : region;
  const value = tf.variable?.[variable]?.default;
  return typeof value === 'string' ? value : undefined;
}

/** Per detector: its address, region (when known) and the plan's feature on it. */
function planOnDetectors(tf: StackJson, c: PlanControl): { detector: string; region?: string; feature?: [string, Block] }[] {
  const features = resources(tf, 'aws_guardduty_detector_feature').filter(([, f]) => f.name === c.feature);
  return resources(tf, 'aws_guardduty_detector').map(([detector, block]) => ({
    detector,
    region: regionOf(tf, block),
    feature: features.find(([, f]) => typeof f.detector_id === 'string' && f.detector_id.includes(`\${${detector}.`)),
  }));
}

function planFindings(tf: StackJson, c: PlanControl): Finding[] {
  const detectors = planOnDetectors(tf, c);
  if (detectors.length === 0) return [{ resource: 'aws_guardduty_detector', problem: 'no GuardDuty detector' }];
  return detectors.flatMap(({ detector, region, feature }): Finding[] => {
    if (region !== undefined && !guardDutyOffers(c.feature, region)) {
      return feature ? [{ resource: feature[0], problem: `${c.feature} is not offered in ${region}: the apply would fail` }] : [];
    }
    if (!feature) return [{ resource: detector, problem: `has no ${c.feature} feature` }];
    const [address, f] = feature;
    const problems = f.status === 'ENABLED' ? [] : [`status is ${String(f.status)}, not ENABLED`];
    if (c.agent !== undefined) {
      const agent = ((f.additional_configuration ?? []) as Block[]).find((a) => a.name === c.agent);
      if (agent?.status !== 'ENABLED')
        problems.push(
          `additional_configuration ${c.agent} is ${typeof agent?.status === 'string' ? agent.status : 'missing'}, not ENABLED`,
        );
    }
    return problems.map((problem) => ({ resource: address, problem }));
  });
}

/** The covered regions where GuardDuty does not offer the plan, as report notes. */
function planNotes(tf: StackJson, c: PlanControl): string[] {
  return planOnDetectors(tf, c)
    .filter(({ region, feature }) => region !== undefined && !guardDutyOffers(c.feature, region) && !feature)
    .map(({ region }) => `${c.feature} is not offered in ${region} (GuardDuty's region table): none there`);
}

/** GuardDuty.5 to .13 as catalogue rows (their standards come from CONTROL_STANDARDS). */
export function guardDutyPlanControls(): Omit<CheckedControl, 'standards'>[] {
  return PLAN_CONTROLS.map((c) => ({
    kind: 'checked',
    id: c.id,
    title: c.title,
    stack: 'security',
    scope: 'account',
    check: (tf) => planFindings(tf, c),
    notes: (tf) => planNotes(tf, c),
    fix:
      c.option === undefined
        ? `Keep ${c.feature} ENABLED in GuardDuty (GUARDDUTY_FEATURES, src/security/guardduty.ts).`
        : `Set guardDuty.${c.option} to true in the environment's config (src/security/guardduty.ts).`,
    turnedOffBy: (env) =>
      c.option !== undefined && env.guardDuty?.[c.option] !== true ? `turned off in config guardDuty.${c.option}` : undefined,
  }));
}
