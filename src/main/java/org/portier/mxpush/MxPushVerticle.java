package org.portier.mxpush;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Set;
import org.portier.bus.Addresses;
import org.portier.config.Config;
import org.portier.push.PushBusy;
import org.portier.push.PushSend;
import org.portier.push.PushState;
import org.portier.security.Secrets;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes MX events to the devices MX users registered (mx-proxy.md §3): consumes
 * mx.events, hands one push.send per event with every token of the login, and removes tokens the
 * providers call dead. The push actor flags dead tokens only in devices, and MX tokens live in
 * mx_push_tokens, so this actor watches push.outcome for its own "mx:" refs.
 */
public final class MxPushVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MxPushVerticle.class);
  /** Provider reasons that mean the token will never work again (as ApnsSender and FcmSender decide, plus the actor's own). */
  static final Set<String> DEAD = Set.of("BadDeviceToken", "DeviceTokenNotForTopic", "Unregistered", "MissingDeviceToken",
      "UNREGISTERED", "token dead");

  /** How often an event's pushes are offered to a busy push actor before they are given up. */
  static final int BUSY_ATTEMPTS = 3;
  private final Config config;
  private final Pool pool;

  public MxPushVerticle(Config config, Store store) {
    this.config = config;
    this.pool = store.pool();
  }

  @Override
  public Future<?> start() {
    if (!config.table("voip.apn").isEmpty()) {
      LOG.warn("[voip.apn] certificates are not loaded: MX pushes go out with the [push.apns] credentials (p8, or p12 and p12Password)");
    }
    // local: the node holding the user's MX connection pushes its events, once, even if nodes ever share a bus
    var events = vertx.eventBus().<JsonObject>localConsumer(Addresses.MX_EVENTS, this::onEvent);
    var outcomes = vertx.eventBus().<JsonObject>consumer(Addresses.PUSH_OUTCOME, this::onOutcome);
    return Future.all(events.completion(), outcomes.completion());
  }

  private void onEvent(Message<JsonObject> m) {
    JsonObject ev = m.body();
    String login = ev.getString("login");
    String name = ev.getString("name");
    if (login == null || name == null || !MxEventJson.pushed(name)) return;
    JsonObject json;
    try {
      json = MxEventJson.of(name, ev.getString("xml", ""), Store.now() / 1000);
    } catch (RuntimeException e) {
      LOG.warn("mx user {}: unreadable {} not pushed: {}", login, name, e.toString());
      return;
    }
    if (json == null) return;
    boolean delivered = "Delivered".equals(json.getString("type"));
    Future<Boolean> incoming = delivered ? ringsOwnExt(login, json) : Future.succeededFuture(false);
    incoming.compose(own -> delivered && !own ? Future.<Void>succeededFuture()
        : MxTokenRows.of(pool, login).compose(tokens -> send(login, json, own, MxPushes.build(login, json, own, tokens))))
        .onFailure(e -> LOG.warn("mx user {}: {} not pushed: {}", login, name, e.toString()));
  }

  /** §2.7: a Delivered event is pushed only when it rings the user's own extension (not an outgoing call alerting elsewhere). */
  private Future<Boolean> ringsOwnExt(String login, JsonObject json) {
    return vertx.eventBus().<JsonObject>request(Addresses.mxUser(login), new JsonObject().put("op", "state")).map(r -> {
      String ext = r.body().getString("ext");
      return ext != null && (ext.equals(json.getString("calledDevice")) || ext.equals(json.getString("alertingDevice")));
    });
  }

  private Future<Void> send(String login, JsonObject json, boolean incoming, JsonArray pushes) {
    return send(login, json, incoming, pushes, 1);
  }

  /**
   * MX events have no client to answer 503 to: when the push actor is busy (its outbox write is backed
   * up) the event's pushes are offered again after the busy refusal's Retry-After, a few times, while
   * the event is still fresh enough to matter.
   */
  private Future<Void> send(String login, JsonObject json, boolean incoming, JsonArray pushes, int attempt) {
    if (pushes.isEmpty()) return Future.succeededFuture();
    return vertx.eventBus().<JsonObject>request(Addresses.PUSH_SEND, PushSend.request(pushes))
        .onSuccess(r -> LOG.debug("mx user {}: {}{} → {} pushes", login, json.getString("type"), incoming ? " (incoming)" : "", pushes.size()))
        .<Void>mapEmpty()
        .recover(e -> {
          if (!PushBusy.is(e) || attempt >= BUSY_ATTEMPTS) return Future.failedFuture(e);
          LOG.info("mx user {}: push actor busy, {} offered again in {} s", login, json.getString("type"), PushBusy.RETRY_AFTER_SECONDS);
          io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
          vertx.setTimer(PushBusy.RETRY_AFTER_SECONDS * 1000, t -> send(login, json, incoming, pushes, attempt + 1).onComplete(later));
          return later.future();
        });
  }

  private void onOutcome(Message<JsonObject> m) {
    JsonObject o = m.body();
    String ref = o.getString("ref");
    if (ref == null || !ref.startsWith("mx:") || !PushState.REJECTED.equals(o.getString("state")) || !DEAD.contains(o.getString("lastError"))) {
      return;
    }
    long id;
    try {
      id = Long.parseLong(String.valueOf(o.getValue("id")));
    } catch (NumberFormatException e) {
      return;
    }
    MxTokenRows.sent(pool, id)
        .compose(s -> s == null ? Future.succeededFuture(0) : MxTokenRows.deleteDead(pool, s).onSuccess(n -> {
          if (n > 0) LOG.info("MX push token {} removed: {} said {} ({})", Secrets.fingerprint(s.token()), s.provider(), o.getString("lastError"), ref);
        }))
        .onFailure(e -> LOG.warn("could not remove a dead MX push token (push {}): {}", id, e.toString()));
  }
}
