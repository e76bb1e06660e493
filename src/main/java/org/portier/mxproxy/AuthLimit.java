package org.portier.mxproxy;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.ConcurrentHashMap;
import org.portier.config.LimitSpec;

/**
 * mxproxy.authPerIp: POST /auth tries per client IP in fixed windows, shared by the HTTP
 * instances of one node through a local map (each node counts on its own). Counters change only
 * inside ConcurrentHashMap.compute, so event loops never wait on one another for longer.
 */
final class AuthLimit implements Shareable {
  private static final String MAP = "portier.mxproxy.authLimit";
  private static final int SWEEP_ABOVE = 10_000;

  private record Window(long start, long windowMillis, int count) {}

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  static AuthLimit of(Vertx vertx) {
    return (AuthLimit) vertx.sharedData().getLocalMap(MAP).computeIfAbsent("limit", k -> new AuthLimit());
  }

  /** Counts one try of {@code ip}; throws 429 with Retry-After once the window's count is exceeded. */
  void hit(String spec, String ip) {
    LimitSpec limit = LimitSpec.parse(spec);
    if (limit == null || ip == null) return;
    long now = System.currentTimeMillis();
    long windowMillis = limit.window().toMillis();
    if (windows.size() > SWEEP_ABOVE) windows.entrySet().removeIf(e -> now - e.getValue().start() >= e.getValue().windowMillis());
    Window w = windows.compute(ip, (k, old) -> old == null || now - old.start() >= old.windowMillis()
        ? new Window(now, windowMillis, 1) : new Window(old.start(), old.windowMillis(), old.count() + 1));
    if (w.count() > limit.count()) {
      long seconds = Math.max(1, (w.start() + w.windowMillis() - now + 999) / 1000);
      throw MxError.retryLater(429, "too many authorization requests", seconds);
    }
  }
}
