package org.portier.mxproxy;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.portier.config.Config;
import org.portier.config.LimitSpec;
import org.portier.http.ClientIp;
import org.portier.http.RateLimiter;

/**
 * mxproxy.authPerIp: POST /auth tries per client IP, counted by the node's {@link RateLimiter}
 * (bounded, fixed windows, swept by a timer); the client is the one {@link ClientIp} names, so
 * behind a trusted reverse proxy each user has its own counter.
 */
final class AuthLimit {
  private AuthLimit() {}

  /** Counts one try of the request's client; throws 429 with Retry-After once the window's count is exceeded. */
  static void hit(Vertx vertx, Config config, RoutingContext ctx) {
    long seconds = RateLimiter.of(vertx).hit("mxproxy.authPerIp", LimitSpec.parse(config.string("mxproxy.authPerIp")),
        ClientIp.of(ctx, config));
    if (seconds > 0) throw MxError.retryLater(429, "too many authorization requests", seconds);
  }
}
