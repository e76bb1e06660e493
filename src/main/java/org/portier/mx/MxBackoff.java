package org.portier.mx;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from min to max with "equal jitter" (a delay d is drawn from
 * [d/2, d]), so 10,000 users dropped by one MX restart do not come back in lock step, and each
 * drawn delay is at least the previous one's upper half. Confined to its connection's context.
 */
final class MxBackoff {
  private Duration min;
  private Duration max;
  private int failures;

  MxBackoff(Duration min, Duration max) {
    reconfigure(min, max);
  }

  void reconfigure(Duration min, Duration max) {
    this.min = min;
    this.max = max.compareTo(min) < 0 ? min : max;
  }

  /** The ceiling of the next delay before jitter. */
  long ceilingMillis() {
    long d = min.toMillis();
    for (int i = 0; i < failures && d < max.toMillis(); i++) d *= 2;
    return Math.min(d, max.toMillis());
  }

  /** The next delay in ms; each call counts one more failed attempt. */
  long next() {
    long ceiling = ceilingMillis();
    failures = Math.min(failures + 1, 62);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }

  /** After a forced logout another session holds the user: go straight to the ceiling. */
  void jumpToMax() {
    failures = 62;
  }

  void reset() {
    failures = 0;
  }
}
