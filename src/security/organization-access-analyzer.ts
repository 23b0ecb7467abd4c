/**
 * IAM Access Analyzer with the organization as zone of trust, in the security account (its
 * delegated administrator, which the management stack registers) and the home region: it
 * reports resources of any member account shared outside the organization. Type ORGANIZATION
 * (CreateAnalyzer's `type`, ACCOUNT or ORGANIZATION; hashicorp/aws 5.100.0 passes it through): an
 * organization analyzer is created by the management account or the service's delegated
 * administrator, and needs Access Analyzer's trusted access (a precondition of the management stack).
 * The members keep their own ACCOUNT analyzers in every covered region (CIS 1.4.0 1.20).
 */
import { Construct } from 'constructs';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { refuse } from './validation';

export interface OrganizationAccessAnalyzerProps {
  /** 1-255 letters, digits, `.`, `_`, `-`, starting with a letter. */
  readonly analyzerName: string;
}

export class OrganizationAccessAnalyzer extends Construct {
  readonly analyzer: AccessanalyzerAnalyzer;
  readonly analyzerArn: string;

  constructor(scope: Construct, id: string, props: OrganizationAccessAnalyzerProps) {
    super(scope, id);
    const name = props.analyzerName;
    if (!/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/.test(name)) {
      refuse(
        this,
        `analyzerName = "${name}": must be 1-255 letters, digits, ".", "_" or "-", starting with a letter (Access Analyzer's rule).`,
      );
    }
    this.analyzer = new AccessanalyzerAnalyzer(this, 'organization', { analyzerName: name, type: 'ORGANIZATION' });
    this.analyzer.overrideLogicalId('organization');
    this.analyzerArn = this.analyzer.arn;
  }
}
