package org.portier.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.portier.bus.BusFailure;
import org.portier.store.Constraints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API's conventions, shared by the integration face and by every capability that mounts
 * routes on it: Bearer API key, JSON bodies (strict UTF-8, unknown fields refused), ids as strings,
 * and errors as {"status": n, "error": "&lt;reason phrase&gt;", "message": "..."}.
 */
public final class OperatorApi {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorApi.class);

  private OperatorApi() {}

  /** The face's sub-router: body limit, API key check and the error format for every failure. */
  public static Router router(Faces faces) {
    Router r = Router.router(faces.vertx());
    r.route().handler(BodyHandler.create(false).setBodyLimit(faces.config().get().number("http.bodyLimit")));
    r.route().handler(ctx -> {
      String key = ApiKeys.bearer(ctx.request().getHeader("Authorization"));
      if (key == null) {
        error(ctx, 401, "an API key is required (Authorization: Bearer <key>)");
      } else if (!ApiKeys.accepts(faces.config().get().strings("integration.apiKeys"), key)) {
        error(ctx, 401, "unknown API key");
      } else {
        ctx.next();
      }
    });
    r.route().failureHandler(OperatorApi::onFailure);
    return r;
  }

  /** Parses the body as a JSON object (400 when it is not one). */
  public static JsonObject body(RoutingContext ctx) {
    return JsonBodies.object(ctx, false);
  }

  /** Completes the request with the future's JSON (or an error in this face's format). */
  public static void respond(RoutingContext ctx, int status, Future<?> result) {
    result.onSuccess(v -> {
      if (ctx.response().ended()) return;
      if (status == 204 || v == null) {
        ctx.response().setStatusCode(status == 200 && v == null ? 204 : status).end();
      } else {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
            .end(v instanceof JsonArray a ? a.encode() : ((JsonObject) v).encode());
      }
    }).onFailure(ctx::fail);
  }

  private static void onFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof BadInput b) {
      error(ctx, b.status(), b.getMessage());
    } else if (t instanceof BusFailure b) {
      if (b.retryable()) ctx.response().putHeader("Retry-After", Integer.toString(BusFailure.RETRY_AFTER_SECONDS));
      error(ctx, b.code(), b.getMessage());
    } else if (t != null && Constraints.isUniqueViolation(t)) {
      error(ctx, 409, "already exists");
    } else if (t == null && ctx.statusCode() > 0 || ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // a 4xx with a cause is the body handler's: a form body with a broken escape is the client's mistake
      error(ctx, ctx.statusCode(), switch (ctx.statusCode()) {
        case 413 -> "the request body is too large";
        case 405 -> "method not allowed";
        case 400 -> "bad request";
        default -> "request failed";
      });
    } else {
      LOG.error("integration {} {} failed", ctx.request().method(), ctx.request().path(), t);
      error(ctx, 500, "internal error");
    }
  }

  public static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("status", status).put("error", reason(status)).put("message", message).encode());
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
