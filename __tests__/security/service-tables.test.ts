/**
 * The baseline's service tables (ACCOUNT_SERVICES, REGIONAL_SERVICES) against the control
 * catalogue and the module: the control IDs a row names are the account controls the
 * catalogue checks, a row's off-switch is the config switch those controls report as turned
 * off, and each off-switch leaves out its own service and no other.
 */
import { CheckedControl, CONTROLS } from '../../src/compliance/controls';
import { loadConfig } from '../../src/config';
import { ACCOUNT_SERVICES } from '../../src/security/account-baseline';
import { REGIONAL_SERVICES } from '../../src/security/regional-baseline';
import { OffSwitch, ServiceRow } from '../../src/security/service-table';
import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityModule, SecurityModuleProps } from '../../src/security/security-module';
import { ACCOUNT, ENV, LOGS_BUCKET, PROJECT, REGION } from '../helpers/unit';

const ROWS: [string, ServiceRow<never>][] = [...Object.entries(ACCOUNT_SERVICES), ...Object.entries(REGIONAL_SERVICES)];
const CHECKED = CONTROLS.filter((c): c is CheckedControl => c.kind === 'checked');
const REASON = 'owned by the organization (Control Tower)';

/** A module constructed, not synthesized: the tables act in the constructor. */
function moduleWith(props: Partial<SecurityModuleProps>): SecurityModule {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: REGION });
  return new SecurityModule(stack, 'security', {
    projectName: PROJECT,
    environment: ENV,
    accountId: ACCOUNT,
    awsRegion: REGION,
    logsBucket: LOGS_BUCKET,
    ...props,
  });
}

describe('service tables', () => {
  test('the rows name exactly the account-scope controls the catalogue checks, each once', () => {
    const named = ROWS.flatMap(([, row]) => row.controls);
    expect(named.slice().sort()).toEqual(
      CHECKED.filter((c) => c.scope === 'account')
        .map((c) => c.id)
        .sort(),
    );
    expect(new Set(named).size).toBe(named.length);
  });

  test("a row's off-switch is what its controls report as turned off; a row without one has controls nothing turns off", () => {
    const env = Object.values(loadConfig().environments)[0];
    if (env === undefined) throw new Error('the checked-in config has no environment');
    for (const [id, row] of ROWS) {
      const off = row.offSwitch === undefined ? {} : { [row.offSwitch]: REASON };
      // Every optional GuardDuty plan on: those plans' controls are turned off by guardDuty.<option>, not by a row's switch.
      const allPlans = { rdsLoginEvents: true, lambdaNetworkLogs: true, runtimeMonitoring: true };
      const turnedOff = { ...env, guardDuty: allPlans, accountControls: { ...env.accountControls, off } };
      for (const controlId of row.controls) {
        const control = CHECKED.find((c) => c.id === controlId);
        expect([id, controlId, control?.turnedOffBy?.(turnedOff)]).toEqual([id, controlId, row.offSwitch ? REASON : undefined]);
      }
    }
  });

  test('each off-switch leaves out its own service and no other', () => {
    const switches = ROWS.flatMap(([id, row]) => (row.offSwitch ? [[id, row.offSwitch] as [string, OffSwitch]] : []));
    expect(switches.length).toBeGreaterThan(0);
    for (const [id, offSwitch] of switches) {
      const module = moduleWith({ accountControls: { off: { [offSwitch]: REASON } } });
      const built = [...Object.keys(module.accountServices ?? {}), ...Object.keys(module.regionalBaselines[0].services)];
      expect(built.sort()).toEqual(
        ROWS.map(([key]) => key)
          .filter((key) => key !== id)
          .sort(),
      );
    }
  });

  test('none is built with sharedAccountServices', () => {
    const module = moduleWith({
      sharedAccountServices: { guardDutyDetectorId: 'd', costMonitorArn: 'arn:aws:ce::123456789012:anomalymonitor/x' },
    });
    expect([module.accountServices, module.regionalBaselines]).toEqual([undefined, []]);
  });
});
