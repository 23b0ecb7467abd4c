/**
 * Prop checks of the service constructs, as aws-cdk-lib does them: at construction, naming
 * the construct's path, the prop, the value received and the rule; skipped for unresolved
 * tokens (Terraform expressions such as `var.environment`), whose values only exist at plan.
 */
import { Construct } from 'constructs';
import { Token } from 'cdktf';

/** A construct was given a value AWS would refuse. The message starts with the construct's path. */
export class ConstructPropsError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'ConstructPropsError';
  }
}

/** Refuse a prop of `scope`: `<path>: <problem>`. */
export function refuse(scope: Construct, problem: string): never {
  throw new ConstructPropsError(scope.node.path, problem);
}

/**
 * Check `value` of prop `prop` when it is a literal number: `ok` decides, `rule` completes
 * "must ...". Undefined (the default applies) and unresolved tokens pass.
 */
export function checkNumber(scope: Construct, prop: string, value: number | undefined, ok: (v: number) => boolean, rule: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!ok(value)) refuse(scope, `${prop} = ${value}: must ${rule}.`);
}

/** A whole number from `min` to `max`. */
export function wholeNumberIn(min: number, max: number): (v: number) => boolean {
  return (v) => Number.isInteger(v) && v >= min && v <= max;
}

/**
 * The retention periods CloudWatch Logs accepts (PutRetentionPolicy), as aws-cdk-lib's
 * `RetentionDays`; `INFINITE` keeps events forever (no retention policy).
 */
export enum RetentionDays {
  ONE_DAY = 1,
  THREE_DAYS = 3,
  FIVE_DAYS = 5,
  ONE_WEEK = 7,
  TWO_WEEKS = 14,
  ONE_MONTH = 30,
  TWO_MONTHS = 60,
  THREE_MONTHS = 90,
  FOUR_MONTHS = 120,
  FIVE_MONTHS = 150,
  SIX_MONTHS = 180,
  ONE_YEAR = 365,
  THIRTEEN_MONTHS = 400,
  EIGHTEEN_MONTHS = 545,
  TWO_YEARS = 731,
  THREE_YEARS = 1096,
  FIVE_YEARS = 1827,
  SIX_YEARS = 2192,
  SEVEN_YEARS = 2557,
  EIGHT_YEARS = 2922,
  NINE_YEARS = 3288,
  TEN_YEARS = 3653,
  INFINITE = 0,
}

/** Every value of RetentionDays, ascending (0, forever, first). */
export const RETENTION_DAYS_VALUES: readonly number[] = Object.values(RetentionDays)
  .filter((v): v is number => typeof v === 'number')
  .sort((a, b) => a - b);

/** Check a log group retention prop against the values CloudWatch Logs accepts. */
export function checkRetentionDays(scope: Construct, prop: string, value: number | undefined): void {
  checkNumber(
    scope,
    prop,
    value,
    (v) => RETENTION_DAYS_VALUES.includes(v),
    `be one of the retention periods CloudWatch Logs accepts (RetentionDays): ${RETENTION_DAYS_VALUES.filter((v) => v > 0).join(', ')}, or 0 to keep events forever`,
  );
}

/** Check that the names made from the project name and environment fit AWS's limits. */
export function checkNameLengths(scope: Construct, problems: readonly string[]): void {
  if (problems.length) refuse(scope, `${problems.join('; ')}. Shorten the project name or the environment name.`);
}
