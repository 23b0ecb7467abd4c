/**
 * Security Hub: the account (`aws_securityhub_account.main`) with AWS's default standards off
 * and the module's standards subscribed explicitly, plus a finding aggregator over all regions.
 */
import { Construct } from 'constructs';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { arnOf, SecurityContext } from './context';

export interface SecurityHubStandard {
  /** Terraform name of its `aws_securityhub_standards_subscription`. */
  readonly resourceName: string;
  /** The standard's ARN resource part; the ARN carries the deployment region. */
  readonly standardPath: string;
}

/** The compliance standards the module subscribes to. */
export const SECURITY_HUB_STANDARDS: readonly SecurityHubStandard[] = [
  {
    resourceName: 'cis_1_4_0',
    standardPath: 'standards/cis-aws-foundations-benchmark/v/1.4.0',
  },
  {
    resourceName: 'aws_foundational',
    standardPath: 'standards/aws-foundational-security-best-practices/v/1.0.0',
  },
];

export interface SecurityHubProps {
  readonly context: SecurityContext;
  /** Standards to subscribe to. @default SECURITY_HUB_STANDARDS */
  readonly standards?: readonly SecurityHubStandard[];
}

export class SecurityHub extends Construct {
  readonly account: SecurityhubAccount;
  readonly subscriptions: SecurityhubStandardsSubscription[];
  readonly findingAggregator: SecurityhubFindingAggregator;

  constructor(scope: Construct, id: string, props: SecurityHubProps) {
    super(scope, id);
    this.account = new SecurityhubAccount(this, 'main', {
      // Subscriptions are explicit below; the defaults would drift from this code.
      enableDefaultStandards: false,
      autoEnableControls: true,
    });
    this.account.overrideLogicalId('main');

    this.subscriptions = (props.standards ?? SECURITY_HUB_STANDARDS).map((standard) => {
      const sub = new SecurityhubStandardsSubscription(this, standard.resourceName, {
        // Standards ARNs have no account: arn:<partition>:securityhub:<region>::standards/...
        standardsArn: arnOf(props.context, 'securityhub', standard.standardPath, { account: '' }),
        dependsOn: [this.account],
      });
      sub.overrideLogicalId(standard.resourceName);
      return sub;
    });

    this.findingAggregator = new SecurityhubFindingAggregator(this, 'all_regions', {
      linkingMode: 'ALL_REGIONS',
      dependsOn: [this.account],
    });
    this.findingAggregator.overrideLogicalId('all_regions');
  }
}
