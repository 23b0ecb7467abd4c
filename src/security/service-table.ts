/**
 * The shape of the baseline's service tables, ACCOUNT_SERVICES (account-baseline.ts) and
 * REGIONAL_SERVICES (regional-baseline.ts): one row per service, built in table order.
 * Adding a service is a row in one of them and the file of its construct.
 */
import { Construct } from 'constructs';
import type { AccountControlsConfig } from '../config';

/** A control of `accountControls.off` in the config: the key that turns a service off, with the reason. */
export type OffSwitch = keyof NonNullable<AccountControlsConfig['off']>;

/** A row of a service table. */
export interface ServiceRow<P, T extends Construct = Construct> {
  /** Creates the service in `scope`; the construct ID it chooses places its Terraform names, so it never changes. */
  readonly build: (scope: Construct, props: P) => T;
  /** The `accountControls.off.<key>` that leaves the service out (with the reason). @default none: always created */
  readonly offSwitch?: OffSwitch;
  /** Security Hub control IDs the service satisfies, as the catalogue names them (src/compliance/controls-*.ts). */
  readonly controls: readonly string[];
}

/** What a table built: each row's construct under the row's key, `| undefined` where an off-switch may leave it out. */
export type ServicesOf<R> = {
  readonly [K in keyof R]: R[K] extends { build: (...args: never[]) => infer T }
    ? R[K] extends { offSwitch: OffSwitch }
      ? T | undefined
      : T
    : never;
};

/**
 * Build every row of `rows` in `scope`, in table order, except those whose off-switch `off`
 * names. Rows left out are absent keys.
 */
export function buildServices<P, R extends Readonly<Record<string, ServiceRow<P>>>>(
  scope: Construct,
  rows: R,
  props: P,
  off: AccountControlsConfig['off'] = {},
): ServicesOf<R> {
  const built: Partial<Record<string, Construct>> = {};
  for (const [id, row] of Object.entries(rows)) {
    if (row.offSwitch === undefined || !off[row.offSwitch]) built[id] = row.build(scope, props);
  }
  // Each key holds what its row's builder returned (or nothing where off), which is what
  // ServicesOf<R> says; TypeScript cannot follow a mapped type through a loop.
  return built as ServicesOf<R>;
}
