/** AWS Config values the config file may name and the recorder construct accepts. */

/** How often Config delivers a configuration snapshot (the API's `MaximumExecutionFrequency`). */
export const SNAPSHOT_DELIVERY_FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'] as const;
export type SnapshotDeliveryFrequency = (typeof SNAPSHOT_DELIVERY_FREQUENCIES)[number];
