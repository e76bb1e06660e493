package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.portier.bus.Addresses;

/**
 * The MX connection actor as the face sees it (contract in {@link Addresses#MX_CONNECT} and
 * following). The actor's failure codes become {@link MxError}s of the same status; an absent
 * actor is 503 "mx service unavailable".
 */
final class MxBus {
  /** Per-user address of the connection actor: {"op":"state"} answers while the user exists. */
  static final String USER_PREFIX = Addresses.MX_USER_PREFIX;
  /** MX login can take a TLS dial (20 s upstream) plus the login exchange; the actor answers 504 itself first. */
  private static final long CONNECT_TIMEOUT_MS = 30_000;
  private static final long QUERY_TIMEOUT_MS = 10_000;

  private MxBus() {}

  static Future<JsonObject> connect(Vertx vertx, String login, Provisioning.MxAccount a) {
    JsonObject body = new JsonObject().put("login", login).put("host", a.host()).put("port", a.port())
        .put("mxLogin", a.login()).put("mxPassword", a.password());
    return ask(vertx, Addresses.MX_CONNECT, body, CONNECT_TIMEOUT_MS);
  }

  static Future<JsonObject> logout(Vertx vertx, String login) {
    return ask(vertx, Addresses.MX_LOGOUT, new JsonObject().put("login", login), QUERY_TIMEOUT_MS);
  }

  static Future<JsonObject> connections(Vertx vertx) {
    return ask(vertx, Addresses.MX_CONNECTIONS, new JsonObject(), QUERY_TIMEOUT_MS);
  }

  /** The user's connection state, or null when the actor has no such user (no handler). */
  static Future<JsonObject> state(Vertx vertx, String login) {
    return vertx.eventBus().<JsonObject>request(USER_PREFIX + login, new JsonObject().put("op", "state"),
            new DeliveryOptions().setSendTimeout(QUERY_TIMEOUT_MS))
        .map(m -> m.body())
        .recover(e -> e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? Future.succeededFuture(null) : Future.failedFuture(mapped(e)));
  }

  private static Future<JsonObject> ask(Vertx vertx, String address, JsonObject body, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(m -> m.body()).recover(e -> Future.failedFuture(mapped(e)));
  }

  private static MxError mapped(Throwable e) {
    if (e instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() >= 400 && re.failureCode() <= 599) {
        String m = re.getMessage() == null || re.getMessage().isBlank() ? "mx error" : re.getMessage();
        return new MxError(re.failureCode(), m);
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) return new MxError(504, "mx response timeout");
    }
    return new MxError(503, "mx service unavailable");
  }
}
