package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.config.LimitSpec;
import org.portier.testing.TestNode;

/** The HTTP verticles' timer sweeps the node's limiter: expired windows go without any request. */
@ExtendWith(VertxExtension.class)
class RateLimiterSweepTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    node = TestNode.inTempDir();
    PublicHealthTest.get(node.start(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    PublicHealthTest.get(node.stop());
  }

  @Test
  void theSweepTimerRemovesExpiredWindowsOfTheNodesLimiter(Vertx vertx) throws Exception {
    RateLimiter limiter = RateLimiter.of(vertx);
    LimitSpec spec = new LimitSpec(1, java.time.Duration.ofSeconds(1));
    for (int i = 0; i < 5_000; i++) limiter.hit("test.sweep", spec, "client-" + i);
    assertThat(limiter.size()).isGreaterThanOrEqualTo(5_000);
    long deadline = System.currentTimeMillis() + 4 * RateLimiter.SWEEP_EVERY_MS;
    while (limiter.size() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(100);
    assertThat(limiter.size()).isZero();
  }
}
