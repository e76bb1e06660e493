package org.portier.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.portier.bus.Addresses;
import org.portier.config.Config;
import org.portier.config.ConfigValidator;
import org.portier.http.ApiKeys;
import org.portier.security.Secrets;

/**
 * The operator listener (MX Proxy's adminWeb, default 127.0.0.1:8043). Every route needs the admin
 * token (Authorization: Bearer); no route ever returns a secret. Errors are {"error": "..."}.
 */
public final class AdminVerticle extends VerticleBase {
  private final Config startConfig;
  private final Pool pool;
  private final String token;
  private final List<AdminRoutes> faceRoutes;
  private HttpServer server;
  private volatile long configVersion = 1;

  /** {@code faceRoutes}: what faces add to this listener (the MX face's token and connection views). */
  public AdminVerticle(Config config, Pool pool, String token, List<AdminRoutes> faceRoutes) {
    this.startConfig = config;
    this.faceRoutes = List.copyOf(faceRoutes);
    this.pool = pool;
    this.token = token;
  }

  @Override
  public Future<?> start() {
    String[] hp = ConfigValidator.hostPort(startConfig.string("adminWeb"));
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_CHANGED, m -> configVersion = m.body().getLong("version", 0L));
    Router r = Router.router(vertx);
    r.route().handler(this::authorize);
    r.get("/health").handler(this::health);
    r.post("/admin/reload").handler(this::reload);
    for (AdminRoutes f : faceRoutes) f.mount(r, vertx, pool, startConfig);
    r.route().last().handler(ctx -> error(ctx, 404, "no such endpoint"));
    r.route().failureHandler(ctx -> error(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500,
        ctx.statusCode() == 405 ? "method not allowed" : "request failed"));
    server = vertx.createHttpServer();
    return server.requestHandler(r).listen(Integer.parseInt(hp[1]), hp[0]);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public int port() {
    return server.actualPort();
  }

  private void authorize(RoutingContext ctx) {
    String presented = ApiKeys.bearer(ctx.request().getHeader("Authorization"));
    if (presented == null) {
      error(ctx, 401, "the admin token is required (Authorization: Bearer <token>)");
    } else if (!Secrets.constantTimeEquals(presented, token)) {
      error(ctx, 403, "wrong admin token");
    } else {
      ctx.next();
    }
  }

  private void health(RoutingContext ctx) {
    long started = System.nanoTime();
    pool.query("SELECT 1 FROM (VALUES(0)) AS t(x)").execute()
        .onComplete(ar -> {
          JsonObject body = new JsonObject()
              .put("status", ar.succeeded() ? "ok" : "degraded")
              .put("store", ar.succeeded() ? "ok" : "unreachable")
              .put("storeLatencyMs", (System.nanoTime() - started) / 1_000_000.0)
              .put("configVersion", configVersion)
              .put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
          json(ctx, ar.succeeded() ? 200 : 503, body);
        });
  }

  private void reload(RoutingContext ctx) {
    vertx.eventBus().<JsonObject>request(Addresses.CONFIG_RELOAD, new JsonObject().put("reason", "admin request"))
        .onSuccess(m -> {
          JsonObject r = m.body();
          if (r.containsKey("error")) {
            json(ctx, 422, new JsonObject().put("error", "the new config was refused; the old one stays in force")
                .put("problems", r.getJsonArray("problems")));
          } else {
            json(ctx, 200, new JsonObject().put("reloaded", true).put("version", r.getLong("version")));
          }
        })
        .onFailure(e -> error(ctx, 503, "config actor unavailable: " + e.getMessage()));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) return;
    json(ctx, status, new JsonObject().put("error", message));
  }
}
