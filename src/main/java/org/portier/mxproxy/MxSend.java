package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.portier.bus.Addresses;
import org.portier.config.Config;

/**
 * One command to the user's connection actor ({"op":"send"} and friends on mx.user.&lt;login&gt;)
 * with the face's error mapping. {@code cstaStatus} is what a CSTA error becomes: MX Proxy
 * answered 404 "not found" for voicemail and conference deletes, 500 with the CSTA text elsewhere.
 */
final class MxSend {
  /** Generous: the actor's own reply timeout answers first (504). */
  static final long BUS_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final Supplier<Config> config;

  MxSend(Vertx vertx, Supplier<Config> config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** The reply {"name","xml"} of one command. */
  Future<JsonObject> send(String login, String xml, int cstaStatus) {
    return op(login, new JsonObject().put("op", "send").put("xml", xml), cstaStatus);
  }

  Future<JsonObject> op(String login, JsonObject op, int cstaStatus) {
    return op(login, op, cstaStatus, BUS_TIMEOUT_MS);
  }

  /** Any op on mx.user.&lt;login&gt;; {@code busTimeoutMs} must exceed the actor's own wait for that op. */
  Future<JsonObject> op(String login, JsonObject op, int cstaStatus, long busTimeoutMs) {
    return vertx.eventBus().<JsonObject>request(Addresses.mxUser(login), op, new DeliveryOptions().setSendTimeout(busTimeoutMs))
        .map(m -> m.body()).recover(e -> Future.failedFuture(e instanceof MxError me ? me : mapped(e, cstaStatus)));
  }

  private MxError mapped(Throwable e, int cstaStatus) {
    if (e instanceof ReplyException re) {
      String m = re.getMessage() == null || re.getMessage().isBlank() ? "mx error" : re.getMessage();
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return switch (re.failureCode()) {
          // the actor answers 400 for a CSTA error (and for a malformed op, which the face never sends)
          // ("not found" is our reading of the CSTA error, so it goes without the CSTA element)
          case 400 -> {
            if (cstaStatus == 404) yield new MxError(404, "not found");
            MxError error = new MxError(cstaStatus, m);
            yield re instanceof org.portier.mx.CstaFailure cf ? error.csta(cf.element()) : error;
          }
          // the actor's 404 (an unknown call in the calls map)
          case 404 -> new MxError(404, "not found");
          case 504 -> new MxError(504, "mx response timeout");
          case 503 -> MxError.retryLater(503, m, config.get().duration("mxproxy.retryAfter").toSeconds());
          default -> new MxError(re.failureCode() >= 400 && re.failureCode() <= 599 ? re.failureCode() : 500, m);
        };
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) return new MxError(504, "mx response timeout");
      if (re.failureType() == ReplyFailure.NO_HANDLERS) return MxError.bearer("active mx connection unavailable");
    }
    return new MxError(503, "mx service unavailable");
  }
}
