package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Function;
import org.portier.bus.BusFailure;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mobile face's transport conventions (contract §2.1-2.2): permissive CORS with OPTIONS → 204,
 * bodies up to http.bodyLimit (413 above), every answer and every failure as {@link MobileEnvelope}
 * with the HTTP status equal to its code, and never a stack trace for a client mistake.
 */
final class MobileFace {
  private static final Logger LOG = LoggerFactory.getLogger(MobileFace.class);
  private static final String ALLOW_HEADERS =
      "Authorization, Content-Type, Accept-Language, X-System-Info, X-App-Version, X-Dm-Api-Refresh";
  /** Routing-context key holding the body limit in force, for the 413 message. */
  private static final String LIMIT_KEY = "portier.mobile.bodyLimit";

  private MobileFace() {}

  /** CORS headers on every answer (the reference's nginx adds them too); a preflight ends here with 204. */
  static void cors(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    res.putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .putHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
        .putHeader("Access-Control-Expose-Headers", "Retry-After");
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      res.putHeader("Access-Control-Max-Age", "86400").setStatusCode(204).end();
    } else {
      ctx.next();
    }
  }

  /**
   * Reads the body with the limit of the current config (http.bodyLimit follows a reload); the
   * handler is rebuilt only when the limit changes.
   */
  static Handler<RoutingContext> bodies(Faces faces) {
    final class Current {
      long limit = -1;
      BodyHandler handler;
    }
    Current current = new Current();
    return ctx -> {
      long limit = faces.config().get().number("http.bodyLimit");
      if (limit != current.limit) {
        current.handler = BodyHandler.create(false).setBodyLimit(limit);
        current.limit = limit;
      }
      ctx.put(LIMIT_KEY, limit);
      current.handler.handle(ctx);
    };
  }

  /** Wraps a method: its result becomes the envelope, its failure goes to {@link #onFailure}. */
  static Handler<RoutingContext> method(Function<RoutingContext, Future<Reply>> method) {
    return ctx -> {
      Future<Reply> result;
      try {
        result = method.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      result.onSuccess(r -> MobileEnvelope.send(ctx, r.code(), null, r.data())).onFailure(ctx::fail);
    };
  }

  /** The failure handler of the whole face: the envelope with a clear message. */
  static void onFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof BadInput b) {
      MobileEnvelope.error(ctx, b.status(), b.getMessage());
    } else if (t instanceof BusFailure b) {
      if (b.retryable()) ctx.response().putHeader("Retry-After", Integer.toString(BusFailure.RETRY_AFTER_SECONDS));
      MobileEnvelope.error(ctx, b.code(), b.getMessage());
    } else if (t instanceof MobileError m) {
      if (m.retryAfterSeconds() > 0) ctx.response().putHeader("Retry-After", Long.toString(m.retryAfterSeconds()));
      MobileEnvelope.error(ctx, m.status(), m.getMessage());
    } else if (t == null && ctx.statusCode() == 413) {
      Object limit = ctx.get(LIMIT_KEY);
      MobileEnvelope.error(ctx, 413, "the request body is too large (at most " + limit + " bytes)");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // with a cause, the body handler's: a form body with a broken escape is the client's mistake
      MobileEnvelope.error(ctx, ctx.statusCode(), "the request could not be read");
    } else {
      LOG.error("mobile {} {} failed", ctx.request().method(), ctx.request().path(), t);
      MobileEnvelope.error(ctx, 500, "внутренняя ошибка сервера, повторите попытку позже");
    }
  }
}
