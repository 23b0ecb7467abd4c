/**
 * The documented module variables as Terraform variables, with validation generated from the
 * same rules the config is checked against at synth (src/config/rules.ts).
 */
import { Construct } from 'constructs';
import { Fn, Op, TerraformVariable, TerraformVariableValidationConfig, Token } from 'cdktf';
import { SecurityVariableName, VARIABLE_SPECS } from '../config/rules';

export interface VariableOptions {
  /**
   * The value used when none is passed; `null`: the stack falls back to another source.
   * @default none: the variable is required, as the module documents it
   */
  readonly default?: string | null;
  /** More checks of the variable, after those of the documented rules. @default none */
  readonly extraValidations?: (variable: TerraformVariable) => TerraformVariableValidationConfig[];
}

/**
 * `variable "<name>" { type = string ... }` with one validation block per rule, each
 * error naming the variable, the rule and the value passed.
 */
export function securityVariable(scope: Construct, name: SecurityVariableName, opts: VariableOptions = {}): TerraformVariable {
  const spec = VARIABLE_SPECS[name];
  const variable = new TerraformVariable(scope, name, {
    type: 'string',
    description: spec.description,
    default: opts.default ?? undefined,
    nullable: opts.default === null,
  });
  // cdktf cannot render a null default; without one the variable would be required.
  if (opts.default === null) variable.addOverride('default', null);
  for (const rule of spec.rules) {
    const matches = Fn.can(Fn.regex(rule.pattern, variable.stringValue));
    const condition = rule.mustMatch === false ? Op.not(matches) : matches;
    variable.addValidation({
      // A null value means "read it from elsewhere"; only a value that is given is checked.
      condition: opts.default === null ? Op.or(Op.eq(variable.value, Token.nullValue()), condition) : condition,
      errorMessage: `Invalid ${name} "\${var.${name}}": it must ${rule.rule}.`,
    });
  }
  for (const extra of opts.extraValidations?.(variable) ?? []) variable.addValidation(extra);
  variable.overrideLogicalId(name);
  return variable;
}
