/**
 * The control catalogue over synthesized stacks: each checked control passes on the stacks of
 * the checked-in config and fails, with its message, on a stack mutated to fall short of it;
 * config switches and waivers turn a failure into a report line with the reason; the check at
 * synth refuses a non-compliant output; the report and its SARIF (the README table: __tests__/docs).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadConfig, validateConfig } from '../../src/config';
import { resolvePlan } from '../../src/config/plan';
import {
  assertCompliant,
  checkedStackNames,
  checkSynthesized,
  ComplianceError,
  evaluate,
  readStacks,
  StackReport,
} from '../../src/compliance/check';
import { CheckedControl, CONTROLS, StackJson } from '../../src/compliance/controls';
import { complianceReport, formatReport, reportSarif } from '../../src/compliance/report';
import { CIS_MONITORING } from '../../src/catalog/cis-monitoring';
import { configWith, problemsOf } from '../helpers/config-edit';
import { synthApp, SynthResult } from '../helpers/terraform';

// `any`: the tests edit Terraform JSON freely.
type Tf = Record<string, any>;
const clone = (tf: StackJson): Tf => JSON.parse(JSON.stringify(tf));
const CHECKED = CONTROLS.filter((c): c is CheckedControl => c.kind === 'checked');
const byCatalogueOrder = (a: string, b: string) => CONTROLS.findIndex((c) => c.id === a) - CONTROLS.findIndex((c) => c.id === b);

/** prod with every optional GuardDuty plan on, so that GuardDuty.6, .7, .9, .11 to .13 are satisfied (not waived by config). */
const allPlansOn = (c: Record<string, any>) => {
  c.environments.prod.guardDuty = { rdsLoginEvents: true, lambdaNetworkLogs: true, runtimeMonitoring: true };
};
const feature = (tf: Tf, name: string) => tf.resource.aws_guardduty_detector_feature[name];
const agent = (tf: Tf, name: string) => feature(tf, 'runtime_monitoring').additional_configuration.find((a: Tf) => a.name === name);

/**
 * For every checked control, a mutation of the stack that a config or code change could make, and the resource the message
 * must name; `alsoFails`: controls the same mutation breaks too (the runtime controls need Runtime Monitoring itself).
 */
const BREAKS: Record<string, { mutate: (tf: Tf) => void; resource: string; problem: RegExp; alsoFails?: string[] }> = {
  'CloudTrail.1': {
    mutate: (tf) => {
      tf.resource.aws_cloudtrail.govtech_audit.is_multi_region_trail = false;
    },
    resource: 'aws_cloudtrail.govtech_audit',
    problem: /is_multi_region_trail is false/,
  },
  'CloudTrail.2': {
    mutate: (tf) => {
      delete tf.resource.aws_cloudtrail.govtech_audit.kms_key_id;
    },
    resource: 'aws_cloudtrail.govtech_audit',
    problem: /kms_key_id is not set/,
  },
  'CloudTrail.4': {
    mutate: (tf) => {
      tf.resource.aws_cloudtrail.govtech_audit.enable_log_file_validation = false;
    },
    resource: 'aws_cloudtrail.govtech_audit',
    problem: /enable_log_file_validation/,
  },
  'CloudTrail.5': {
    mutate: (tf) => {
      delete tf.resource.aws_cloudtrail.govtech_audit.cloud_watch_logs_role_arn;
    },
    resource: 'aws_cloudtrail.govtech_audit',
    problem: /cloud_watch_logs_role_arn is not set/,
  },
  'CloudTrail.6': {
    mutate: (tf) => {
      tf.resource.aws_s3_bucket_public_access_block.logs.restrict_public_buckets = false;
    },
    resource: 'aws_s3_bucket.logs',
    problem: /restrict_public_buckets is false/,
  },
  'CloudTrail.7': {
    mutate: (tf) => {
      delete tf.resource.aws_s3_bucket_logging;
    },
    resource: 'aws_s3_bucket.logs',
    problem: /no aws_s3_bucket_logging/,
  },
  'Config.1': {
    mutate: (tf) => {
      tf.resource.aws_config_configuration_recorder_status.main.is_enabled = false;
    },
    resource: 'aws_config_configuration_recorder_status.main',
    problem: /is_enabled is false/,
  },
  'EC2.7': {
    mutate: (tf) => {
      delete tf.resource.aws_ebs_encryption_by_default;
    },
    resource: 'aws_ebs_encryption_by_default',
    problem: /no EBS encryption by default/,
  },
  'GuardDuty.1': {
    mutate: (tf) => {
      tf.resource.aws_guardduty_detector.main.enable = false;
    },
    resource: 'aws_guardduty_detector.main',
    problem: /enable is false/,
  },
  'GuardDuty.5': {
    mutate: (tf) => {
      delete tf.resource.aws_guardduty_detector_feature.eks_audit_logs;
    },
    resource: 'aws_guardduty_detector.main',
    problem: /has no EKS_AUDIT_LOGS feature/,
  },
  'GuardDuty.6': {
    mutate: (tf) => {
      feature(tf, 'lambda_network_logs').status = 'DISABLED';
    },
    resource: 'aws_guardduty_detector_feature.lambda_network_logs',
    problem: /status is DISABLED, not ENABLED/,
  },
  'GuardDuty.7': {
    mutate: (tf) => {
      agent(tf, 'EKS_ADDON_MANAGEMENT').status = 'DISABLED';
    },
    resource: 'aws_guardduty_detector_feature.runtime_monitoring',
    problem: /additional_configuration EKS_ADDON_MANAGEMENT is DISABLED, not ENABLED/,
  },
  'GuardDuty.8': {
    mutate: (tf) => {
      delete tf.resource.aws_guardduty_detector_feature.ebs_malware_protection;
    },
    resource: 'aws_guardduty_detector.main',
    problem: /has no EBS_MALWARE_PROTECTION feature/,
  },
  'GuardDuty.9': {
    mutate: (tf) => {
      feature(tf, 'rds_login_events').status = 'DISABLED';
    },
    resource: 'aws_guardduty_detector_feature.rds_login_events',
    problem: /status is DISABLED, not ENABLED/,
  },
  'GuardDuty.10': {
    mutate: (tf) => {
      delete tf.resource.aws_guardduty_detector_feature.s3_data_events;
    },
    resource: 'aws_guardduty_detector.main',
    problem: /has no S3_DATA_EVENTS feature/,
  },
  'GuardDuty.11': {
    mutate: (tf) => {
      feature(tf, 'runtime_monitoring').status = 'DISABLED';
    },
    resource: 'aws_guardduty_detector_feature.runtime_monitoring',
    problem: /status is DISABLED, not ENABLED/,
    alsoFails: ['GuardDuty.7', 'GuardDuty.12', 'GuardDuty.13'],
  },
  'GuardDuty.12': {
    mutate: (tf) => {
      agent(tf, 'ECS_FARGATE_AGENT_MANAGEMENT').status = 'DISABLED';
    },
    resource: 'aws_guardduty_detector_feature.runtime_monitoring',
    problem: /additional_configuration ECS_FARGATE_AGENT_MANAGEMENT is DISABLED, not ENABLED/,
  },
  'GuardDuty.13': {
    mutate: (tf) => {
      delete tf.resource.aws_guardduty_detector_feature.runtime_monitoring.additional_configuration;
    },
    resource: 'aws_guardduty_detector_feature.runtime_monitoring',
    problem: /additional_configuration EC2_AGENT_MANAGEMENT is missing, not ENABLED/,
    alsoFails: ['GuardDuty.7', 'GuardDuty.12'],
  },
  'IAM.7': {
    mutate: (tf) => {
      tf.resource.aws_iam_account_password_policy.main.require_symbols = false;
    },
    resource: 'aws_iam_account_password_policy.main',
    problem: /require_symbols is false/,
  },
  'IAM.15': {
    mutate: (tf) => {
      tf.resource.aws_iam_account_password_policy.main.minimum_password_length = 12;
    },
    resource: 'aws_iam_account_password_policy.main',
    problem: /minimum_password_length is 12, below 14/,
  },
  'IAM.16': {
    mutate: (tf) => {
      tf.resource.aws_iam_account_password_policy.main.password_reuse_prevention = 5;
    },
    resource: 'aws_iam_account_password_policy.main',
    problem: /password_reuse_prevention is 5, below 24/,
  },
  'IAM.18': {
    mutate: (tf) => {
      delete tf.resource.aws_iam_role_policy_attachment;
    },
    resource: 'aws_iam_role_policy_attachment',
    problem: /AWSSupportAccess/,
  },
  'IAM.28': {
    mutate: (tf) => {
      delete tf.resource.aws_accessanalyzer_analyzer;
    },
    resource: 'aws_accessanalyzer_analyzer',
    problem: /no IAM Access Analyzer/,
  },
  'KMS.4': {
    mutate: (tf) => {
      tf.resource.aws_kms_key.govtech_main.enable_key_rotation = false;
    },
    resource: 'aws_kms_key.govtech_main',
    problem: /enable_key_rotation is false/,
  },
  'S3.1': {
    mutate: (tf) => {
      tf.resource.aws_s3_account_public_access_block.main.block_public_policy = false;
    },
    resource: 'aws_s3_account_public_access_block.main',
    problem: /block_public_policy is false/,
  },
};
// The CIS monitoring controls: the filter's pattern changed (Security Hub wants it exactly), or the alarm's topic without subscriber.
for (const row of CIS_MONITORING.filter((r) => r.securityHubControl)) {
  BREAKS[row.securityHubControl as string] = {
    mutate: (tf) => {
      tf.resource.aws_cloudwatch_log_metric_filter[row.id].pattern = `${row.filterPattern} `;
    },
    resource: 'aws_cloudwatch_log_metric_filter',
    problem: new RegExp(`pattern Security Hub requires for CIS ${row.cis.replace('.', '\\.')}`),
  };
}

describe('compliance catalogue', () => {
  const config = validateConfig(configWith(allPlansOn));
  const plan = resolvePlan(config);
  let synth: SynthResult;
  let stacks: Record<string, StackJson>;
  beforeAll(() => {
    synth = synthApp(config);
    stacks = readStacks(synth.outdir, checkedStackNames(plan));
  });
  afterAll(() => synth?.cleanup());

  test('every checked control has a breaking mutation here, and the catalogue names each control once', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(CHECKED.map((c) => c.id).sort());
    const ids = CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(CHECKED.map((c) => [c.id, c] as const))('%s', (id, control) => {
    const stackName = control.stack === 'logs' ? 'logs-prod' : 'security-prod';
    test('satisfied by the stack as synthesized', () => {
      expect(control.check(stacks[stackName])).toEqual([]);
    });
    test('fails on a stack that falls short of it, naming stack, control, resource and fix; a waiver turns it into a report line', () => {
      const broken = clone(stacks[stackName]);
      BREAKS[id].mutate(broken);
      const findings = control.check(broken);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.map((f) => f.resource)).toContain(BREAKS[id].resource);
      expect(findings.map((f) => f.problem).join('; ')).toMatch(BREAKS[id].problem);
      const mutated = { ...stacks, [stackName]: broken };
      let error: unknown;
      try {
        assertCompliant(plan, mutated);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ComplianceError);
      const problems = (error as ComplianceError).problems;
      expect(problems.map((p) => p.split(' ')[1])).toEqual([id, ...(BREAKS[id].alsoFails ?? [])].sort(byCatalogueOrder));
      const mine = problems.find((p) => p.startsWith(`${stackName}: ${id} `))!;
      expect(mine).toContain(BREAKS[id].resource);
      expect(mine).toContain(`Fix: ${control.fix}`);
      expect(mine).toContain(`"complianceWaivers": { "${id}": "<why>" } in environments.prod`);

      const waived = validateConfig(
        configWith((c) => {
          allPlansOn(c);
          c.environments.prod.complianceWaivers = { [id]: 'accepted by the security board on 2026-11-01' };
        }),
      );
      const row = evaluate(resolvePlan(waived), mutated)
        .find((r) => r.stack === stackName)!
        .results.find((x) => x.control.id === id)!;
      expect(row).toMatchObject({ status: 'waived', detail: 'accepted by the security board on 2026-11-01' });
    });
  });

  test("an environment sharing its account reports the account-level controls as the owner's", () => {
    const cfg = validateConfig(
      configWith((c) => {
        c.environments.staging.accountId = c.environments.dev.accountId;
        c.environments.staging.accountServicesOwner = 'dev';
      }),
    );
    // Which stack has them is the config's to say; the checked-in stacks serve for the rest.
    const staging = evaluate(resolvePlan(cfg), stacks).find((r) => r.stack === 'security-staging')!;
    const byId = (id: string) => staging.results.find((x) => x.control.id === id)!;
    for (const id of ['EC2.7', 'S3.1', 'IAM.15', 'Config.1', 'GuardDuty.1', 'IAM.18', 'IAM.28'])
      expect(byId(id)).toMatchObject({ status: 'elsewhere', detail: 'security-dev' });
    expect(byId('KMS.4').status).toBe('satisfied');
  });

  test("a logs bucket from another configuration's state: CloudTrail.6 and .7 need action by you, in the security stack's table", () => {
    const cfg = validateConfig(
      configWith((c) => {
        c.environments.prod.logsBucket = {
          remoteState: { bucket: 'org-state', key: 'storage/terraform.tfstate', region: 'us-east-1', output: 'bucket_id' },
        };
      }),
    );
    const reports = evaluate(resolvePlan(cfg), stacks);
    expect(reports.map((r) => r.stack)).not.toContain('logs-prod');
    const prod = reports.find((r) => r.stack === 'security-prod')!;
    for (const id of ['CloudTrail.6', 'CloudTrail.7']) {
      const row = prod.results.find((x) => x.control.id === id)!;
      expect(row.status).toBe('action');
      expect(row.detail).toContain('environments.prod.logsBucket comes from another Terraform state');
    }
  });

  test('the check at synth refuses an output folder whose stack falls short, and accepts the checked-in one', () => {
    expect(() => checkSynthesized(plan, synth.outdir)).not.toThrow();
    const file = path.join(synth.stackDir('logs-dev'), 'cdk.tf.json');
    const original = readFileSync(file, 'utf8');
    const tf = JSON.parse(original);
    delete tf.resource.aws_s3_bucket_logging;
    writeFileSync(file, JSON.stringify(tf));
    try {
      expect(() => checkSynthesized(plan, synth.outdir)).toThrow(
        /logs-dev: CloudTrail\.7 \(CIS 3\.6\).*aws_s3_bucket\.logs has no aws_s3_bucket_logging\. Fix: /,
      );
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('config: account controls turned off, with the reason, are waived; the report', () => {
  test('an account control turned off is not created, and its controls are waived with the reason; synth passes', () => {
    const reason = 'the organization password policy is set by Control Tower';
    const cfg = validateConfig(
      configWith((c) => {
        c.environments.prod.accountControls = {
          off: { passwordPolicy: reason, ebsEncryption: 'EBS encryption enforced by an organization SCP' },
        };
      }),
    );
    const reports = complianceReport(cfg);
    const prod = reports.find((r) => r.stack === 'security-prod')!;
    for (const id of ['IAM.7', 'IAM.15', 'IAM.16'])
      expect(prod.results.find((x) => x.control.id === id)).toMatchObject({ status: 'waived', detail: reason });
    expect(prod.results.find((x) => x.control.id === 'EC2.7')).toMatchObject({
      status: 'waived',
      detail: 'EBS encryption enforced by an organization SCP',
    });
    expect(reports.flatMap((r) => r.results).filter((x) => x.status === 'failed')).toEqual([]);
    expect(formatReport(reports)).toMatch(/IAM\.15 +1\.8 +waived +the organization password policy is set by Control Tower/);
  });

  test('the checked-in config: every checked control satisfied in every stack but the GuardDuty plans config leaves off, which are waived as such; every other one says what to do', () => {
    const reports: StackReport[] = complianceReport(loadConfig());
    expect(reports.map((r) => r.stack)).toEqual([
      'logs-dev',
      'security-dev',
      'logs-staging',
      'security-staging',
      'logs-prod',
      'security-prod',
    ]);
    // dev and staging configure no optional plan; prod turns RDS and Lambda Protection on, Runtime Monitoring off.
    const runtime = ['GuardDuty.7', 'GuardDuty.11', 'GuardDuty.12', 'GuardDuty.13'];
    const offByConfig: Record<string, Record<string, string>> = {
      'security-dev': Object.fromEntries([
        ['GuardDuty.6', 'turned off in config guardDuty.lambdaNetworkLogs'],
        ['GuardDuty.9', 'turned off in config guardDuty.rdsLoginEvents'],
        ...runtime.map((id) => [id, 'turned off in config guardDuty.runtimeMonitoring']),
      ]),
      'security-prod': Object.fromEntries(runtime.map((id) => [id, 'turned off in config guardDuty.runtimeMonitoring'])),
    };
    offByConfig['security-staging'] = offByConfig['security-dev'];
    for (const r of reports) {
      for (const x of r.results) {
        const off = offByConfig[r.stack]?.[x.control.id];
        if (x.control.kind === 'action') expect(x).toMatchObject({ status: 'action', detail: x.control.action });
        else if (off) expect([r.stack, x.control.id, x.status, x.detail]).toEqual([r.stack, x.control.id, 'waived', off]);
        else expect([r.stack, x.control.id, x.status]).toEqual([r.stack, x.control.id, 'satisfied']);
      }
    }
    const sarif = reportSarif(reports) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; kind: string; suppressions?: unknown[] }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    // The plans config leaves off count as failing, with an accepted suppression (the reason); nothing else fails.
    expect(run.results.filter((r) => r.kind === 'fail' && !r.suppressions)).toEqual([]);
  });

  test('every waiver of a report carries its reason (SARIF: an accepted suppression with the justification)', () => {
    const cfg = validateConfig(
      configWith((c) => {
        c.environments.dev.cisMonitoringOff = { '4.15': 'not the Organizations management account', '4.10': 'no VPCs in this account yet' };
      }),
    );
    const reports = complianceReport(cfg);
    const waived = reports.flatMap((r) => r.results.filter((x) => x.status === 'waived').map((x) => [r.stack, x.control.id, x.detail]));
    // Besides the GuardDuty plans the checked-in config leaves off (the test above), only the waiver of this config.
    const others = waived.filter(([, id]) => !String(id).startsWith('GuardDuty.'));
    expect(others).toEqual([['security-dev', 'CloudWatch.10', 'no VPCs in this account yet']]);
    for (const [, , detail] of waived) expect(detail).toMatch(/\S/);
    const sarif = reportSarif(reports) as { runs: { results: { ruleId: string; suppressions?: { justification: string }[] }[] }[] };
    expect(sarif.runs[0].results.filter((r) => r.suppressions).map((r) => [r.ruleId, r.suppressions![0].justification])).toEqual(
      waived.map(([, id, detail]) => [id, detail]),
    );
  });

  test.each([
    [
      (c: Record<string, any>) => {
        c.environments.prod.complianceWaivers = { 'IAM.4': 'root keys are audited elsewhere' };
      },
      'environments.prod.complianceWaivers["IAM.4"] = "root keys are audited elsewhere": must name a control the catalogue checks',
    ],
    [
      (c: Record<string, any>) => {
        c.environments.prod.complianceWaivers = { 'EC2.7': 'no' };
      },
      'environments.prod.complianceWaivers["EC2.7"] = "no": must be the reason',
    ],
    [
      (c: Record<string, any>) => {
        c.environments.prod.accountControls = { off: { ebsEncryption: '' } };
      },
      'environments.prod.accountControls.off.ebsEncryption = "": must be the reason',
    ],
    [
      (c: Record<string, any>) => {
        c.environments.prod.accountControls = { passwordPolicy: { minimumLength: 12 } };
      },
      'environments.prod.accountControls.passwordPolicy.minimumLength = 12: must be a whole number from 14 to 128',
    ],
    [
      (c: Record<string, any>) => {
        c.environments.prod.accountControls = { passwordPolicy: { reusePrevention: 5 } };
      },
      'environments.prod.accountControls.passwordPolicy.reusePrevention = 5: must be a whole number from 24 to 24',
    ],
    [
      (c: Record<string, any>) => {
        c.environments.prod.accountControls = { supportRolePrincipals: ['arn:aws:iam::999999999999:role/x'] };
      },
      'environments.prod.accountControls.supportRolePrincipals[0] = "arn:aws:iam::999999999999:role/x": must be in this environment\'s account 123456789012',
    ],
    [
      (c: Record<string, any>) => {
        c.environments.staging.accountId = c.environments.dev.accountId;
        c.environments.staging.accountServicesOwner = 'dev';
        c.environments.staging.accountControls = {};
      },
      'environments.staging.accountControls = {}: must not be set on an environment with accountServicesOwner',
    ],
  ])('config refuses %#', (change, message) => {
    const problems = problemsOf(configWith(change));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });
});

test('npm run compliance (node dist/src/compliance/report.js): the tables on stdout, JSON and SARIF written, exit 0', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'govtech-compliance-run-'));
  try {
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'src', 'compliance', 'report.js')], {
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^security-prod: 31 satisfied, 4 waived, 14 need action by you, 0 failed$/m);
    expect(r.stdout).toMatch(/^GuardDuty\.11 +waived +turned off in config guardDuty\.runtimeMonitoring$/m);
    expect(r.stdout).toMatch(/^CloudWatch\.1 +1\.7, 4\.3 +satisfied$/m);
    expect(r.stdout).toMatch(/^CloudTrail\.7 +3\.6 +satisfied$/m);
    expect(r.stdout).toMatch(/^IAM\.4 +1\.4 +needs action by you +Delete any access key of the root user\.$/m);
    const json = JSON.parse(readFileSync(path.join(outdir, 'compliance.json'), 'utf8'));
    expect(json.stacks.map((x: { stack: string }) => x.stack)).toEqual([
      'logs-dev',
      'security-dev',
      'logs-staging',
      'security-staging',
      'logs-prod',
      'security-prod',
    ]);
    const sarif = JSON.parse(readFileSync(path.join(outdir, 'compliance.sarif'), 'utf8'));
    expect(sarif).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'govtech-compliance' } } }] });
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(CONTROLS.length);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
