package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.portier.config.IpRange;
import org.portier.config.LimitSpec;

/** The node's rate limiter: fixed windows, a hard cap on windows, expired ones removed by the sweep. */
class RateLimiterTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);

  @Test
  void countsInFixedWindowsAndTellsWhenTheWindowEnds() {
    RateLimiter limiter = new RateLimiter(100, clock::get);
    LimitSpec spec = new LimitSpec(2, Duration.ofSeconds(10));
    assertThat(limiter.hit("a", spec, "1.2.3.4")).isZero();
    assertThat(limiter.hit("a", spec, "1.2.3.4")).isZero();
    clock.addAndGet(4_000);
    assertThat(limiter.hit("a", spec, "1.2.3.4")).isEqualTo(6);
    // another limit and another client have their own windows
    assertThat(limiter.hit("b", spec, "1.2.3.4")).isZero();
    assertThat(limiter.hit("a", spec, "1.2.3.5")).isZero();
    clock.addAndGet(6_000);
    assertThat(limiter.hit("a", spec, "1.2.3.4")).isZero();
    // an unset limit counts nothing
    assertThat(limiter.hit("a", null, "1.2.3.4")).isZero();
  }

  @Test
  void manyDistinctKeysNeverExceedTheCapAndStillCount() {
    RateLimiter limiter = new RateLimiter(1_000, clock::get);
    LimitSpec spec = new LimitSpec(3, Duration.ofMinutes(1));
    long limited = 0;
    for (int i = 0; i < 50_000; i++) {
      if (limiter.hit("login", spec, "client-" + i) > 0) limited++;
      assertThat(limiter.size()).isLessThanOrEqualTo(1_000);
    }
    assertThat(limiter.size()).isEqualTo(1_000);
    // past the cap the newcomers share one window: flooding with new keys does not escape the limit
    assertThat(limited).isEqualTo(50_000 - 1_000 - 3);
    // a client that has its own window keeps it
    assertThat(limiter.hit("login", spec, "client-7")).isZero();
  }

  @Test
  void theSweepRemovesExpiredWindowsAndFreesTheTable() {
    RateLimiter limiter = new RateLimiter(1_000, clock::get);
    LimitSpec shortWindow = new LimitSpec(1, Duration.ofSeconds(1));
    LimitSpec longWindow = new LimitSpec(1, Duration.ofHours(1));
    for (int i = 0; i < 900; i++) limiter.hit("short", shortWindow, "c" + i);
    for (int i = 0; i < 100; i++) limiter.hit("long", longWindow, "c" + i);
    assertThat(limiter.size()).isEqualTo(1_000);
    clock.addAndGet(1_500);
    limiter.sweep();
    assertThat(limiter.size()).isEqualTo(100);
    // the freed room takes new clients in windows of their own again
    assertThat(limiter.hit("short", shortWindow, "newcomer")).isZero();
    assertThat(limiter.hit("short", shortWindow, "another")).isZero();
    assertThat(limiter.size()).isEqualTo(102);
  }

  @Test
  void trustedProxyEntriesAreAddressesOrRanges() {
    assertThat(IpRange.parse("10.0.0.0/8").contains(IpRange.address("10.200.3.4"))).isTrue();
    assertThat(IpRange.parse("10.0.0.0/8").contains(IpRange.address("11.0.0.1"))).isFalse();
    assertThat(IpRange.parse("203.0.113.7").contains(IpRange.address("203.0.113.7"))).isTrue();
    assertThat(IpRange.parse("fd00::/8").contains(IpRange.address("fd12::1"))).isTrue();
    assertThat(IpRange.parse("127.0.0.1").contains(IpRange.address("::ffff:127.0.0.1"))).isTrue();
    // a host name is never resolved
    assertThat(IpRange.address("localhost")).isNull();
  }
}
