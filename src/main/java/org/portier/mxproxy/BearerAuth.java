package org.portier.mxproxy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.portier.config.Config;
import org.portier.http.ApiKeys;

/**
 * The Bearer checks of the MX face, as route handlers. {@link #token} verifies the JWT and puts
 * the login in the routing context; {@link #connected} then asks the connection actor for the
 * user's state: READY goes on, a connection being (re)established is 503 with Retry-After (MX
 * Proxy said 401, which sent the apps into a re-login loop), no connection at all is 401.
 */
final class BearerAuth {
  /** Routing-context key of the authenticated login (the JWT sub, the provisioning username). */
  static final String LOGIN = "mx.login";
  /** Routing-context key of the user's connection state reply (READY). */
  static final String STATE = "mx.state";

  private final MxTokens tokens;
  private final Vertx vertx;
  private final Supplier<Config> config;

  BearerAuth(MxTokens tokens, Vertx vertx, Supplier<Config> config) {
    this.tokens = tokens;
    this.vertx = vertx;
    this.config = config;
  }

  /** Verifies the Bearer token. {@code logoutStyle}: MX Proxy's logout answered 403 instead of 401, kept for its clients. */
  void token(RoutingContext ctx, boolean logoutStyle) {
    String token = ApiKeys.bearer(ctx.request().getHeader("Authorization"));
    if (token == null || token.isEmpty()) {
      ctx.fail(logoutStyle ? new MxError(403, "bearer authorization token required") : MxError.bearer("unauthorized"));
      return;
    }
    tokens.verify(token).onSuccess(login -> {
      ctx.put(LOGIN, login);
      ctx.next();
    }).onFailure(e -> ctx.fail(logoutStyle && e instanceof MxError m ? new MxError(403, m.getMessage()) : e));
  }

  void connected(RoutingContext ctx) {
    String login = ctx.get(LOGIN);
    MxBus.state(vertx, login).onSuccess(state -> {
      String s = state == null ? "CLOSED" : state.getString("state", "CLOSED");
      switch (s) {
        case "READY" -> {
          ctx.put(STATE, state);
          ctx.next();
        }
        case "CONNECTING", "LOGGING_IN", "RECONNECTING" -> ctx.fail(MxError.retryLater(503,
            "mx connection is being established, retry later", config.get().duration("mxproxy.retryAfter").toSeconds()));
        default -> ctx.fail(MxError.bearer("active mx connection unavailable"));
      }
    }).onFailure(ctx::fail);
  }

  static JsonObject state(RoutingContext ctx) {
    return ctx.get(STATE);
  }
}
