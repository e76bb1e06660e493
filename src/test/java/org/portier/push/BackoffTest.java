package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  @Test
  void doublesWithJitterUpToTheCap() {
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.delayMillis(1, null)).isBetween(500L, 1000L);
      assertThat(backoff.delayMillis(2, null)).isBetween(1000L, 2000L);
      assertThat(backoff.delayMillis(4, null)).isBetween(4000L, 8000L);
      assertThat(backoff.delayMillis(30, null)).isBetween(30_000L, 60_000L);
    }
  }

  @Test
  void retryAfterIsAFloorWithinTheCap() {
    assertThat(backoff.delayMillis(1, Duration.ofSeconds(10))).isEqualTo(10_000L);
    assertThat(backoff.delayMillis(1, Duration.ofMinutes(5))).isEqualTo(60_000L);
  }
}
