/**
 * `environments.<env>.adopt` resolved per covered region: what the stacks import instead of
 * creating. Read by the plan (plan.ts); the stacks and constructs take these shapes, never the
 * config's region-keyed maps.
 */
import type { AdoptConfig } from './schema/adopt';

/** What exists already in one covered region. */
export interface RegionAdoption {
  /** The GuardDuty detector to import (its ID). @default none: created */
  readonly guardDutyDetectorId?: string;
  /** Import the region's Security Hub (by the account ID). */
  readonly securityHub: boolean;
  /** The AWS Config recorder to import, with its status; the recorder keeps this name. @default none: created */
  readonly configRecorderName?: string;
  /** The AWS Config delivery channel to import; it keeps this name. @default none: created */
  readonly configDeliveryChannelName?: string;
  /** The IAM Access Analyzer to import; it keeps this name. @default none: created */
  readonly accessAnalyzerName?: string;
  /** Import the region's EBS encryption-by-default setting. */
  readonly ebsEncryption: boolean;
}

/** What exists already in the account. */
export interface AdoptionPlan {
  /** Every covered region, by name (home included): what it has already. */
  readonly regions: Readonly<Record<string, RegionAdoption>>;
  /** The SERVICE cost anomaly monitor to import (its ARN). @default none: created */
  readonly costAnomalyMonitorArn?: string;
  /** Import the IAM account password policy. */
  readonly passwordPolicy: boolean;
  /** The home region's Security Hub finding aggregator to import (its ARN). @default none: created */
  readonly findingAggregatorArn?: string;
}

/** `adopt` of a validated config for the covered `regions`; nothing adopted without it. */
export function adoptionPlan(adopt: AdoptConfig | undefined, regions: readonly string[]): AdoptionPlan {
  const byRegion: Record<string, RegionAdoption> = {};
  for (const region of regions) {
    byRegion[region] = {
      guardDutyDetectorId: adopt?.guardDutyDetectorIds?.[region],
      securityHub: adopt?.securityHub === true,
      configRecorderName: adopt?.configRecorderNames?.[region],
      configDeliveryChannelName: adopt?.configDeliveryChannelNames?.[region],
      accessAnalyzerName: adopt?.accessAnalyzerNames?.[region],
      ebsEncryption: adopt?.ebsEncryption === true,
    };
  }
  return {
    regions: byRegion,
    costAnomalyMonitorArn: adopt?.costAnomalyMonitorArn,
    passwordPolicy: adopt?.passwordPolicy === true,
    findingAggregatorArn: adopt?.findingAggregatorArn,
  };
}
