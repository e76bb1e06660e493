package org.portier.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.portier.config.LiveConfig;

/**
 * The public probes for load balancers and orchestrators, without auth and without details:
 * GET /health (liveness: the process answers) and GET /ready (readiness: a config is loaded and
 * the store answers a trivial query within {@link #STORE_DEADLINE_MS}); 200 {"status":"ok"},
 * else 503 {"status":"unavailable"}. The admin listener's /health keeps the details.
 */
final class HealthRoutes {
  static final long STORE_DEADLINE_MS = 2_000;
  private static final String OK = "{\"status\":\"ok\"}";
  private static final String UNAVAILABLE = "{\"status\":\"unavailable\"}";

  private HealthRoutes() {}

  /** Mounted on the root router before any face: the MX face claims paths at the root too. */
  static void mount(Router root, Pool pool, LiveConfig config) {
    root.get("/health").handler(ctx -> answer(ctx, true));
    root.get("/ready").handler(ctx -> {
      if (config.get() == null) {
        answer(ctx, false);
        return;
      }
      pool.query("SELECT 1 FROM (VALUES(0)) AS t(x)").execute()
          .timeout(STORE_DEADLINE_MS, TimeUnit.MILLISECONDS)
          .onComplete(ar -> answer(ctx, ar.succeeded()));
    });
  }

  private static void answer(RoutingContext ctx, boolean ok) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "application/json")
        .putHeader("Cache-Control", "no-store").end(ok ? OK : UNAVAILABLE);
  }
}
