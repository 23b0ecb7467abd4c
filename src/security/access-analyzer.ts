/**
 * IAM Access Analyzer with the account as zone of trust (`aws_accessanalyzer_analyzer.account`):
 * CIS 1.4.0 recommendation 1.20 (Security Hub checks it as IAM.28, in CIS 3.0.0). Analyzers
 * are regional: RegionalBaseline creates one in every covered region (`aws_accessanalyzer_analyzer.account`,
 * `account_<region>` elsewhere).
 */
import { Construct } from 'constructs';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { importExisting } from './adopt';
import { regionalAddress } from './context';
import { refuse } from './validation';

export interface AccessAnalyzerProps {
  /** Analyzer name: 1-255 letters, digits, `.`, `_`, `-`, starting with a letter. */
  readonly analyzerName: string;
  /**
   * `analyzerName` names an analyzer that exists (`aws accessanalyzer list-analyzers`): it is
   * imported (by its name, which is ForceNew: it keeps it). Its type must be ACCOUNT, or the plan replaces it.
   * @default false: created
   */
  readonly existing?: boolean;
}

export class AccessAnalyzer extends Construct {
  readonly analyzer: AccessanalyzerAnalyzer;
  readonly analyzerArn: string;

  constructor(scope: Construct, id: string, props: AccessAnalyzerProps) {
    super(scope, id);
    const name = props.analyzerName;
    if (!name.includes('${') && !/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/.test(name)) {
      refuse(
        this,
        `analyzerName = "${name}": must be 1-255 letters, digits, ".", "_" or "-", starting with a letter (Access Analyzer's rule).`,
      );
    }
    this.analyzer = new AccessanalyzerAnalyzer(this, 'account', { analyzerName: name, type: 'ACCOUNT' });
    regionalAddress(this.analyzer, 'account');
    importExisting(this.analyzer, props.existing ? name : undefined);
    this.analyzerArn = this.analyzer.arn;
  }
}
