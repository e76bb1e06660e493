package org.portier.mobile;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.portier.config.Config;
import org.portier.config.LimitSpec;

/**
 * Per-phone and per-IP limits of the login methods (contract §10.3), in fixed windows. One
 * instance per Vert.x instance (all HTTP verticles of a node share it through a local map); each
 * counter changes only inside ConcurrentHashMap.compute, so the event loops never block on one
 * another for longer than that update. Several nodes count separately: behind a balancer that
 * spreads one client over n nodes the effective limit is up to n times the configured one.
 */
final class RateLimits implements Shareable {
  private static final String MAP = "portier.mobile.rateLimits";
  /** Above this many counters, expired ones are swept before the next new one is added. */
  private static final int SWEEP_ABOVE = 10_000;

  private record Window(long start, long windowMillis, int count) {}

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  static RateLimits of(Vertx vertx) {
    return (RateLimits) vertx.sharedData().getLocalMap(MAP).computeIfAbsent("limits", k -> new RateLimits());
  }

  /**
   * Counts one request against mobile.limits.&lt;key&gt; for {@code who}; fails with 429 and the
   * seconds until the window ends once the count is exceeded. An unset limit counts nothing.
   */
  void hit(Config config, String key, String who) {
    LimitSpec spec = LimitSpec.parse(config.string("mobile.limits." + key));
    if (spec == null || who == null) return;
    long now = System.currentTimeMillis();
    long windowMillis = spec.window().toMillis();
    if (windows.size() > SWEEP_ABOVE) sweep(now);
    Window w = windows.compute(key + "|" + who, (k, old) -> old == null || now - old.start() >= old.windowMillis()
        ? new Window(now, windowMillis, 1)
        : new Window(old.start(), old.windowMillis(), old.count() + 1));
    if (w.count() > spec.count()) {
      long seconds = Math.max(1, (w.start() + w.windowMillis() - now + 999) / 1000);
      throw new MobileError(429, "Слишком много запросов, повторите через " + seconds + " с", seconds);
    }
  }

  /**
   * The client address a per-IP limit counts: the peer, or, when the peer is one of
   * mobile.limits.trustedProxies, the last X-Forwarded-For entry that is not a trusted proxy.
   */
  static String clientIp(RoutingContext ctx, Config config) {
    String peer = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
    List<String> proxies = config.strings("mobile.limits.trustedProxies");
    if (peer == null || !proxies.contains(peer)) return peer;
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null) return peer;
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !proxies.contains(hop)) return hop.length() > 64 ? hop.substring(0, 64) : hop;
    }
    return peer;
  }

  private void sweep(long now) {
    windows.entrySet().removeIf(e -> now - e.getValue().start() >= e.getValue().windowMillis());
  }
}
