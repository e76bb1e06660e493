package org.portier.mxproxy;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.portier.http.BadInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MX face's response conventions, shared by its routes: JSON as
 * application/json; charset=utf-8, the Server header, and every error as {"error": "..."}.
 */
final class MxFace {
  private static final Logger LOG = LoggerFactory.getLogger(MxFace.class);
  static final String SERVER = "Portier";

  private MxFace() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("Server", SERVER)
        .putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
  }

  static void noContent(RoutingContext ctx) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(204).putHeader("Server", SERVER).end();
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message));
  }

  static void fail(RoutingContext ctx, MxError e) {
    if (ctx.response().ended()) return;
    e.headers().forEach((k, v) -> ctx.response().putHeader(k, v));
    JsonObject body = new JsonObject().put("error", e.getMessage());
    // MX Proxy's body was {"error"} alone; clients read "error", so the CSTA element comes after it
    if (e.csta() != null) body.put("csta", e.csta());
    json(ctx, e.status(), body);
  }

  /** The failure handler of every MX route: client mistakes keep their status, anything else is a logged 500. */
  static void onFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof MxError e) {
      fail(ctx, e);
    } else if (t instanceof BadInput b) {
      error(ctx, b.status(), b.getMessage());
    } else if (t == null && ctx.statusCode() > 0 || ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      int s = ctx.statusCode();
      error(ctx, s, switch (s) {
        case 413 -> "the request body is too large";
        case 405 -> "method not allowed";
        case 404 -> "not found";
        case 400 -> "malformed request body";
        default -> "request failed";
      });
    } else {
      LOG.error("mx face {} {} failed", ctx.request().method(), ctx.request().path(), t);
      error(ctx, 500, "internal error");
    }
  }
}
