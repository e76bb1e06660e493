package org.portier.push;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits base * 2^(n-1), capped at max, then a random
 * amount between half of that and all of it, so pushes that failed together do not come back together.
 */
record Backoff(Duration base, Duration max) {
  long delayMillis(int failedAttempts, Duration retryAfter) {
    long baseMs = Math.max(1, base.toMillis());
    int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long capped = Math.min(max.toMillis(), baseMs << shift);
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    // A provider's Retry-After is a floor, still within the cap
    long floor = retryAfter == null ? 0 : Math.min(max.toMillis(), retryAfter.toMillis());
    return Math.max(1, Math.max(jittered, floor));
  }
}
