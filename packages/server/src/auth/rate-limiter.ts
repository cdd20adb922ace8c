/**
 * A token bucket per API token: `burst` requests at once, refilled at `perMinute`.
 * @module
 */

/** Buckets by token id. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * @param perMinute - Sustained requests per minute.
   * @param burst - Bucket size.
   * @param now - Clock in milliseconds (tests inject one).
   */
  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request from the token's bucket; false when it is empty. */
  take(tokenId: string): boolean {
    const t = this.now();
    const bucket = this.buckets.get(tokenId) ?? { tokens: this.burst, at: t };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((t - bucket.at) * this.perMinute) / 60_000);
    bucket.at = t;
    this.buckets.set(tokenId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
