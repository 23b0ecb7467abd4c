/** The IAM account password policy bounds, read by the config check, the construct and the compliance catalogue. */

/** The bounds CIS 1.4.0 and FSBP set; IAM itself allows length 6-128 and reuse prevention 1-24. */
export const PASSWORD_POLICY_BOUNDS = {
  minimumLength: { min: 14, max: 128 },
  reusePrevention: { min: 24, max: 24 },
  maxAgeDays: { min: 1, max: 1095 },
} as const;
