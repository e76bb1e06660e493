package org.portier.mobile;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.portier.config.Config;
import org.portier.config.LimitSpec;
import org.portier.http.ClientIp;
import org.portier.http.RateLimiter;

/**
 * Per-phone and per-IP limits of the login methods (contract §10.3), counted by the node's
 * {@link RateLimiter} (bounded, fixed windows, swept by a timer) under mobile.limits.&lt;key&gt;.
 */
final class RateLimits {
  private final RateLimiter limiter;

  private RateLimits(RateLimiter limiter) {
    this.limiter = limiter;
  }

  static RateLimits of(Vertx vertx) {
    return new RateLimits(RateLimiter.of(vertx));
  }

  /**
   * Counts one request against mobile.limits.&lt;key&gt; for {@code who}; fails with 429 and the
   * seconds until the window ends once the count is exceeded. An unset limit counts nothing.
   */
  void hit(Config config, String key, String who) {
    long seconds = limiter.hit("mobile." + key, LimitSpec.parse(config.string("mobile.limits." + key)), who);
    if (seconds > 0) throw new MobileError(429, "Слишком много запросов, повторите через " + seconds + " с", seconds);
  }

  /** The client address a per-IP limit counts ({@link ClientIp}: X-Forwarded-For only from trusted proxies). */
  static String clientIp(RoutingContext ctx, Config config) {
    return ClientIp.of(ctx, config);
  }
}
