/**
 * Buckets of an intake-to-first-action delay, for the backlog's medians (docs/decisions/0150).
 * A bucket is named by its lower bound in whole seconds: the delay's seconds cut to two
 * significant digits (0–99 s one second each, 100–990 s ten seconds each, …), so a bucket is at
 * most 10 % as wide as the delays in it, and a year of delays up to a year long falls in at most
 * ~700 buckets. Negative delays (a clock that went back) all share the bucket -1: [-∞, 0).
 *
 * Integer arithmetic only, so PostgreSQL computes the same bucket (`huquq_delay_bucket`, used to
 * fill the histogram from existing facts) and the rows of a bucket can be read back exactly by
 * its bounds.
 */
const NEGATIVE_BUCKET = -1;

/**
 * The bucket of a delay in seconds (fractional: facts are kept to the millisecond). The floor of
 * a double nearest to a decimal number of seconds is that number's floor, so this agrees with
 * PostgreSQL's floor of the exact numeric.
 */
export function delayBucket(seconds: number): number {
  if (seconds < 0) return NEGATIVE_BUCKET;
  const whole = Math.floor(seconds);
  const digits = String(whole).length;
  if (digits <= 2) return whole;
  const unit = 10 ** (digits - 2);
  return Math.floor(whole / unit) * unit;
}

/** [lower, upper) in seconds; the negative bucket's lower bound is -Infinity. */
export function bucketBounds(bucket: number): { lower: number; upper: number } {
  if (bucket === NEGATIVE_BUCKET) return { lower: -Infinity, upper: 0 };
  const digits = String(bucket).length;
  return { lower: bucket, upper: bucket + (digits <= 2 ? 1 : 10 ** (digits - 2)) };
}
