/**
 * The security module as a plain Terraform module for HCL callers, built from the same
 * SecurityModule construct as the stacks: `<outdir>/modules/security/main.tf.json`.
 *
 * A module takes its caller's provider and state, so this stack has no provider
 * configuration and no backend; it declares `required_providers` and `required_version`,
 * the five documented variables (required, validated as in the stacks), the eight documented
 * outputs and `security_alerts_topic_arn` (callers subscribe to the alerts topic themselves). It is not a deployable stack: its synthesizer writes the module and
 * leaves it out of cdktf's manifest, so `cdktf deploy '*'` / `cdktf list` never see it.
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { ISynthesisSession, IStackSynthesizer, TerraformStack } from 'cdktf';
import { SecurityModule } from '../security/security-module';
import { WafLogDestination } from '../security/waf';
import { projectTags, requireTerraform, TerraformRequirements } from './provider';
import { securityOutputs } from './security-stack';
import { securityVariable } from './variables';

/** Where the module is written, relative to the synth output directory (cdktf.out). */
export const SECURITY_MODULE_DIR = path.join('modules', 'security');
/** The construct id of the module's stack (not a deployable stack name). */
export const SECURITY_MODULE_ARTIFACT = 'module-security';

/**
 * What a caller needs: any hashicorp/aws 5.x from the version the bindings are generated
 * for; Terraform 1.5 or later (tested with 1.11).
 */
export const MODULE_REQUIREMENTS: TerraformRequirements = { terraform: '>= 1.5.0', aws: '~> 5.100' };

export interface SecurityModuleArtifactProps {
  /** Where WAF logs (see SecurityModuleProps.wafLogDestination). @default 'log-group' */
  readonly wafLogDestination?: WafLogDestination;
}

export class SecurityModuleArtifact extends TerraformStack {
  readonly module: SecurityModule;

  constructor(scope: Construct, id: string, props: SecurityModuleArtifactProps = {}) {
    super(scope, id);
    requireTerraform(this, MODULE_REQUIREMENTS);
    const projectName = securityVariable(this, 'project_name').stringValue;
    const environment = securityVariable(this, 'environment').stringValue;
    this.module = new SecurityModule(this, 'security', {
      projectName,
      environment,
      accountId: securityVariable(this, 'account_id').stringValue,
      awsRegion: securityVariable(this, 'aws_region').stringValue,
      logsBucket: securityVariable(this, 'logs_bucket').stringValue,
      wafLogDestination: props.wafLogDestination,
      // Resource tags, so that the caller's default_tags add to them instead of being replaced.
      tags: projectTags(projectName, environment),
    });
    securityOutputs(this, this.module);
    this.synthesizer = new ModuleSynthesizer(this, SECURITY_MODULE_DIR);
  }

  /** A module has no backend of its own (the base class would add a local one) and no cross-stack references. */
  override prepareStack(): void {}
}

/** Writes a provider-less, backend-less stack as `<outdir>/<dir>/main.tf.json`, outside the manifest. */
class ModuleSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly stack: TerraformStack,
    private readonly dir: string,
  ) {}

  synthesize(session: ISynthesisSession): void {
    // No stack validations: the only one that applies, "every provider has a provider
    // construct", is exactly what a module must not have.
    const json = withoutComments(this.stack.toTerraform()) as Record<string, Record<string, unknown>>;
    const own = ['provider', 'backend', 'cloud'].filter((k) => k in json || k in (json.terraform ?? {}));
    if (own.length) throw new Error(`${this.stack.node.path}: a module must take its caller's ${own.join(', ')}, but it declares one`);
    const dir = path.join(session.outdir, this.dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(json, null, 2) + '\n');
  }
}

/** `value` without cdktf's `"//"` bookkeeping keys (construct paths), which are comments to Terraform. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== '//')
      .map(([k, v]) => [k, withoutComments(v)]),
  );
}
