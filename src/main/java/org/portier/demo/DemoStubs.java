package org.portier.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outside services the demo stands in for, on one loopback HTTP server:
 * <ul>
 *   <li>{@code GET /config}: the MX Proxy provisioning service (mx-proxy.md §1.4). It checks the
 *       user's Basic credentials against the demo MX users and answers the MX account on the
 *       simulator, as the real service answers the account on the customer's MX;</li>
 *   <li>{@code /panel/{panelId}/open/{doorId}}: a door panel's open relay, so
 *       {@code address/openDoor} works (and shows in the log);</li>
 *   <li>{@code GET /panel/{panelId}/snapshot.jpg}: its camera, for the door-call snapshot links.</li>
 * </ul>
 */
final class DemoStubs {
  private static final Logger LOG = LoggerFactory.getLogger(DemoStubs.class);
  private final HttpServer server;

  private DemoStubs(HttpServer server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1:port, or on any free port when that one is taken (0 = any). */
  static Future<DemoStubs> start(Vertx vertx, int port, int mxPort, Buffer snapshot) {
    Router r = Router.router(vertx);
    r.get("/config").handler(ctx -> provisioning(ctx, mxPort));
    r.route("/panel/:panelId/open/:doorId").handler(ctx -> {
      LOG.info("demo door panel {}: door {} opened (request from Portier)", ctx.pathParam("panelId"), ctx.pathParam("doorId"));
      ctx.response().end("opened");
    });
    r.get("/panel/:panelId/snapshot.jpg").handler(ctx -> ctx.response().putHeader("Content-Type", "image/jpeg").end(snapshot));
    // a server whose listen failed cannot listen again: the fallback is a new one
    return vertx.createHttpServer().requestHandler(r).listen(port, "127.0.0.1")
        .recover(e -> {
          if (port == 0) return Future.failedFuture(e);
          LOG.warn("demo: stub port {} is taken ({}); using a free port", port, e.toString());
          return vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1");
        })
        .map(s -> new DemoStubs(s));
  }

  private static void provisioning(RoutingContext ctx, int mxPort) {
    String[] basic = basic(ctx.request().getHeader("Authorization"));
    DemoAccounts.MxUser u = basic == null ? null : DemoAccounts.mxUser(basic[0], basic[1]);
    if (u == null) {
      // the real service answers 401 on bad credentials; Portier passes it through to the app
      ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"provisioning\"")
          .putHeader("Content-Type", "application/json").end("{\"error\":\"unauthorized\"}");
      return;
    }
    JsonObject mx = new JsonObject().put("account_name", u.login()).put("account_pwd", u.password()).put("address", "127.0.0.1")
        .put("csta_port", String.valueOf(mxPort)).put("csta_ssl", true).put("sn", "SIM01");
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("MX", mx).encode());
  }

  /** {user, password} of a Basic header, or null. */
  private static String[] basic(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  int port() {
    return server.actualPort();
  }

  String provisioningUrl() {
    return base() + "/config";
  }

  String base() {
    return "http://127.0.0.1:" + port();
  }

  Future<Void> close() {
    return server.close();
  }
}
