/**
 * The AWS regions that exist, per partition: the one list every region check of the project
 * uses (config fields, the `aws_region` variable's validation, and later features that deploy
 * to more than one region). Shape alone is not enough: `us-east-7` looks like a region.
 *
 * Sources: the regions hashicorp/aws 5.100.0 knows (from its endpoint data), plus the
 * commercial regions opened since (ap-east-2 Taipei, ap-southeast-6 New Zealand).
 */

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

export interface RegionInfo {
  readonly name: string;
  readonly partition: Partition;
  /**
   * Commercial regions opened since March 2019 are disabled in an account until it opts in
   * (`aws account enable-region`); deploying there first needs that step.
   */
  readonly optIn: boolean;
}

const commercial = (optIn: boolean, ...names: string[]): RegionInfo[] => names.map((name) => ({ name, partition: 'aws', optIn }));
const other = (partition: Partition, ...names: string[]): RegionInfo[] => names.map((name) => ({ name, partition, optIn: false }));

export const AWS_REGIONS: readonly RegionInfo[] = [
  // Enabled in every account by default.
  ...commercial(
    false,
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'ca-central-1',
    'sa-east-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-central-1',
    'eu-north-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-southeast-1',
    'ap-southeast-2',
  ),
  // Opt-in regions.
  ...commercial(
    true,
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-south-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-west-1',
    'eu-central-2',
    'eu-south-1',
    'eu-south-2',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
  ),
  ...other('aws-us-gov', 'us-gov-east-1', 'us-gov-west-1'),
  ...other('aws-cn', 'cn-north-1', 'cn-northwest-1'),
  ...other('aws-iso', 'us-iso-east-1', 'us-iso-west-1'),
  ...other('aws-iso-b', 'us-isob-east-1'),
  ...other('aws-iso-e', 'eu-isoe-west-1'),
  ...other('aws-iso-f', 'us-isof-east-1', 'us-isof-south-1'),
];

/** Every region name, in the order above. */
export const AWS_REGION_NAMES: readonly string[] = AWS_REGIONS.map((r) => r.name);

/** The region's entry, or undefined when AWS has no such region. */
export function regionInfo(name: string): RegionInfo | undefined {
  return AWS_REGIONS.find((r) => r.name === name);
}

/** The regions of one partition. */
export function regionsOf(partition: Partition): readonly RegionInfo[] {
  return AWS_REGIONS.filter((r) => r.partition === partition);
}
