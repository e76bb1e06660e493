package org.portier.doorcall;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.portier.bus.Addresses;
import org.portier.bus.BusFailure;
import org.portier.config.Config;
import org.portier.push.PushSend;
import org.portier.security.SecretBox;
import org.portier.security.Secrets;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door-call actor. For each call it picks the flat's eligible devices, has {@link CallPlan}
 * mint one-time SIP credentials per device (random extension in [sip.extensionFrom,
 * sip.extensionTo], 128-bit password that is also the leg's hash), TURN REST credentials and the
 * checked pushes, stores the call and its legs in one transaction (so a SIP server can resolve the
 * credentials the moment a push lands), then hands all VoIP pushes to push.send in one request.
 * It owns the live credentials (in memory, reloaded from the database after a restart) and serves
 * them until the call ends or its TTL passes. Message shapes are documented on {@link Addresses}.
 *
 * <p>Decisions: a flat with no eligible device gets a call in state {@code no_devices} (201, no
 * legs, nothing to revoke); a device whose SIP values fail the check gets no leg, and when that
 * leaves no leg at all although devices were eligible the start fails with 503 and nothing is
 * stored; when push.send fails the call is stored as {@code failed}, its credentials revoked, and
 * the start fails with 503.
 */
public final class DoorCallVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DoorCallVerticle.class);
  /** At most this many skipped devices are kept in the call's notes. */
  private static final int MAX_NOTES = 20;
  private static final long PUSH_SEND_TIMEOUT_MS = 10_000;

  private final Store store;
  private final SecretBox secrets;
  private Config config;
  private DoorCallStore db;
  private CameraClient camera;
  private final Map<String, LiveCall> calls = new HashMap<>();
  private final Map<String, LiveLeg> byExtension = new HashMap<>();
  private final Map<String, LiveLeg> byDigest = new HashMap<>();
  /** Extensions handed out by a start that is still storing its call; never handed out twice. */
  private final Set<String> reserved = new HashSet<>();

  public DoorCallVerticle(Config config, Store store, SecretBox secrets) {
    this.config = config;
    this.store = store;
    this.secrets = secrets;
  }

  @Override
  public Future<?> start() {
    db = new DoorCallStore(store.pool());
    camera = new CameraClient(vertx);
    var bus = vertx.eventBus();
    bus.<JsonObject>consumer(Addresses.CONFIG_CHANGED, m -> config = new Config(m.body()));
    bus.<JsonObject>consumer(Addresses.DOORCALL_START, this::onStart);
    bus.<JsonObject>consumer(Addresses.DOORCALL_END, this::onEnd);
    bus.<JsonObject>consumer(Addresses.DOORCALL_ANSWERED, this::onAnswered);
    bus.<JsonObject>consumer(Addresses.DOORCALL_CREDENTIALS, this::onCredentials);
    bus.<JsonObject>consumer(Addresses.DOORCALL_LEG_BY_HASH, this::onLegByHash);
    bus.<JsonObject>consumer(Addresses.DOORCALL_SNAPSHOT, this::onSnapshot);
    bus.<JsonObject>consumer(Addresses.DOORCALL_LIVE, this::onLive);
    return reload();
  }

  @Override
  public Future<?> stop() {
    // Calls stay live in the database: the next start reloads them and re-arms their timers.
    calls.values().forEach(c -> vertx.cancelTimer(c.timerId));
    return camera.close();
  }

  // --- restart

  private Future<Void> reload() {
    long now = Store.now();
    return db.expirePastDue(now).compose(v -> db.liveLegs()).map(rows -> {
      for (DoorCallStore.LiveRow r : rows) {
        String password;
        try {
          password = secrets.decrypt(r.secretEnc());
        } catch (IllegalStateException e) {
          // A leg sealed with another key (key file replaced) cannot be served; the others still can.
          LOG.error("door call {}: leg {} cannot be decrypted and is not served: {}", r.callId(), r.extension(), e.getMessage());
          continue;
        }
        LiveCall call = calls.computeIfAbsent(r.callId(), id -> new LiveCall(id, r.expiresAt(), r.snapshotUrl(), r.callState()));
        LiveLeg leg = new LiveLeg(r.callId(), r.extension(), password, r.secretDigest(), r.deviceId(), r.platform(), r.fetched());
        addLeg(call, leg);
        // an answered call reloads with only its answered leg live (the others were revoked in the store)
        if (r.answered()) call.answered = leg;
      }
      calls.values().forEach(this::armTimer);
      if (!calls.isEmpty()) LOG.info("reloaded {} live door call(s) with {} leg(s)", calls.size(), byExtension.size());
      return null;
    });
  }

  // --- start

  private void onStart(Message<JsonObject> m) {
    JsonObject req = m.body() == null ? new JsonObject() : m.body();
    Future<CallTarget> target;
    try {
      Integer doorId = req.getInteger("doorId");
      target = req.containsKey("flatId") ? db.byFlat(req.getLong("flatId"), doorId)
          : db.byPanel(req.getLong("panelId"), req.getString("flatNumber"), doorId);
    } catch (RuntimeException e) {
      m.fail(422, "a door call needs {flatId} or {panelId, flatNumber}");
      return;
    }
    target.compose(t -> db.eligibleDevices(t.flatId()).compose(devices -> startCall(t, req.getString("callerId"), devices)))
        .onSuccess(m::reply)
        .onFailure(e -> fail(m, e));
  }

  private Future<JsonObject> startCall(CallTarget t, String requestedCallerId, List<DeviceRow> devices) {
    CallPlan plan = CallPlan.make(config, t, requestedCallerId, devices, secrets,
        ext -> byExtension.containsKey(ext) || reserved.contains(ext), Store.now());
    List<LiveLeg> legs = plan.legs;
    if (legs.isEmpty() && plan.lastSipError != null) {
      return Future.failedFuture(new BusFailure(503, "no device could get valid SIP credentials: " + plan.lastSipError));
    }
    // Written as "pushed" at once: the outbox write follows, and a refused push.send turns the call
    // "failed". One commit less on the ring path (the disk sync is what limits door calls/s).
    String state = legs.isEmpty() ? "no_devices" : "pushed";
    legs.forEach(l -> reserved.add(l.extension));
    return db.insertCall(plan.callId, t, plan.callerId, state, notes(plan.skipped), plan.now, plan.expiresAt, plan.stored)
        .onComplete(ar -> legs.forEach(l -> reserved.remove(l.extension)))
        .compose(v -> {
          if (legs.isEmpty()) {
            LOG.info("door call {} to flat {}: no eligible device", plan.callId, t.flatId());
            return Future.succeededFuture(reply(plan, state));
          }
          LiveCall call = new LiveCall(plan.callId, plan.expiresAt, t.snapshotUrl(), state);
          legs.forEach(l -> addLeg(call, l));
          calls.put(call.id, call);
          armTimer(call);
          if (call.snapshotUrl != null) call.camshot = fetchCamshot(call);
          return sendPushes(call, legs, plan.pushes).map(st -> reply(plan, st));
        });
  }

  private Future<String> sendPushes(LiveCall call, List<LiveLeg> legs, List<JsonObject> pushes) {
    DeliveryOptions o = new DeliveryOptions().setSendTimeout(PUSH_SEND_TIMEOUT_MS);
    return vertx.eventBus().<JsonObject>request(Addresses.PUSH_SEND, PushSend.request(pushes), o)
        .compose(reply -> {
          JsonArray ids = reply.body() == null ? null : reply.body().getJsonArray("ids");
          if (ids == null || ids.size() != pushes.size()) return Future.failedFuture("push.send answered without one id per push");
          return Future.succeededFuture();
        })
        .map(v -> {
          LOG.info("door call {}: {} push(es) handed to push.send", call.id, pushes.size());
          return call.state;
        })
        .recover(e -> {
          String why = e instanceof ReplyException re && re.failureType() != null
              ? re.failureType().name().toLowerCase() + ": " + re.getMessage() : e.getMessage();
          LOG.error("door call {}: push.send failed ({}); revoking its credentials", call.id, why);
          drop(call);
          return db.finish(call.id, "failed", "revoked", Store.now()).transform(x ->
              Future.failedFuture(new BusFailure(503, "the push service did not take the call pushes: " + why)));
        });
  }

  /** The 201 body. */
  private static JsonObject reply(CallPlan plan, String state) {
    JsonArray legJson = new JsonArray();
    JsonArray dial = new JsonArray();
    for (LiveLeg l : plan.legs) {
      legJson.add(new JsonObject().put("deviceId", Long.toString(l.deviceId)).put("platform", l.platform).put("extension", l.extension));
      dial.add("PJSIP/" + l.extension);
    }
    return new JsonObject().put("callId", plan.callId).put("state", state).put("expiresAt", iso(plan.expiresAt))
        .put("legs", legJson).put("dial", dial).put("skipped", plan.skipped);
  }

  private static String notes(JsonArray skipped) {
    if (skipped.isEmpty()) return null;
    JsonArray kept = new JsonArray();
    for (int i = 0; i < Math.min(MAX_NOTES, skipped.size()); i++) kept.add(skipped.getValue(i));
    return kept.encode();
  }

  // --- live credentials

  private void addLeg(LiveCall call, LiveLeg leg) {
    call.legs.add(leg);
    byExtension.put(leg.extension, leg);
    byDigest.put(leg.digest, leg);
  }

  /** Expires the call at its expiresAt (a call already due expires on the next tick). */
  private void armTimer(LiveCall call) {
    call.timerId = vertx.setTimer(Math.max(1, call.expiresAt - Store.now()), t -> expire(call.id));
  }

  /** Forgets a call's credentials and picture at once (the database is updated by the caller). */
  private int drop(LiveCall call) {
    vertx.cancelTimer(call.timerId);
    calls.remove(call.id);
    int live = 0;
    for (LiveLeg l : call.legs) {
      if (isLive(l)) live++;
      revoke(l);
    }
    call.camshot = null;
    return live;
  }

  /**
   * Forgets one leg's credentials. Removes only this leg's entries: a revoked leg's extension is free
   * again and may already belong to a newer call.
   */
  private void revoke(LiveLeg l) {
    byExtension.remove(l.extension, l);
    byDigest.remove(l.digest, l);
  }

  private boolean isLive(LiveLeg l) {
    return byExtension.get(l.extension) == l;
  }

  private void expire(String callId) {
    LiveCall call = calls.get(callId);
    if (call == null) return;
    int revoked = drop(call);
    db.finish(callId, "expired", "expired", Store.now())
        .onSuccess(v -> LOG.info("door call {} expired; {} credential(s) revoked", callId, revoked))
        .onFailure(e -> LOG.error("door call {} expired but its rows could not be updated", callId, e));
  }

  private void onEnd(Message<JsonObject> m) {
    String callId = m.body() == null ? null : m.body().getString("callId");
    if (callId == null) {
      m.fail(422, "callId is required");
      return;
    }
    LiveCall call = calls.get(callId);
    int revoked = call == null ? 0 : drop(call);
    db.finish(callId, "ended", "revoked", Store.now()).compose(v -> db.state(callId)).onSuccess(state -> {
      if (state == null) {
        m.fail(404, "no door call with id \"" + callId + "\"");
      } else {
        if (call != null) LOG.info("door call {} ended; {} credential(s) revoked", callId, revoked);
        m.reply(new JsonObject().put("callId", callId).put("state", state).put("revoked", revoked));
      }
    }).onFailure(e -> fail(m, e));
  }

  /**
   * A leg was answered (reported by the SIP server): the call is "answered" and every other leg's
   * credentials are revoked at once, in memory first (the SIP faces answer from it), then in the
   * store. The same leg again is answered again; another leg, or a call no longer live, is 409.
   */
  private void onAnswered(Message<JsonObject> m) {
    JsonObject body = m.body() == null ? new JsonObject() : m.body();
    String callId = body.getString("callId");
    String ext = body.getString("extension");
    if (callId == null || ext == null) {
      m.fail(422, "callId and extension are required");
      return;
    }
    LiveCall call = calls.get(callId);
    LiveLeg leg = call == null ? null : call.leg(ext);
    if (leg != null && call.answered == leg) {
      m.reply(answeredReply(call, 0));
      return;
    }
    if (leg != null && call.answered != null) {
      m.fail(409, "door call " + callId + " was already answered by extension " + call.answered.extension);
      return;
    }
    if (leg == null || !isLive(leg)) {
      whyNotLive(m, callId, ext);
      return;
    }
    long now = Store.now();
    call.answered = leg;
    call.state = "answered";
    int revoked = 0;
    for (LiveLeg l : call.legs) {
      if (l != leg && isLive(l)) {
        revoke(l);
        revoked++;
      }
    }
    int n = revoked;
    LOG.info("door call {}: extension {} answered; {} other credential(s) revoked", callId, ext, n);
    db.answer(callId, ext, now).onSuccess(v -> m.reply(answeredReply(call, n))).onFailure(e -> fail(m, e));
  }

  /** The answer for a leg this actor does not hold: from the store, 404 (unknown) or 409 (no longer live). */
  private void whyNotLive(Message<JsonObject> m, String callId, String ext) {
    db.callLeg(callId, ext).onSuccess(cl -> {
      if (cl == null) {
        m.fail(404, "no door call with id \"" + callId + "\"");
      } else if (cl.legState() == null) {
        m.fail(404, "door call " + callId + " has no leg with extension \"" + ext + "\"");
      } else if ("answered".equals(cl.callState()) && ext.equals(cl.answeredExtension())) {
        m.reply(new JsonObject().put("callId", callId).put("state", "answered").put("extension", ext).put("revoked", 0));
      } else if ("answered".equals(cl.callState())) {
        m.fail(409, "door call " + callId + " was already answered by extension " + cl.answeredExtension());
      } else if (DoorCallStore.LIVE_STATES.contains("'" + cl.callState() + "'")) {
        m.fail(409, "the credentials of extension " + ext + " in door call " + callId + " are no longer live");
      } else {
        m.fail(409, "door call " + callId + " has already " + (cl.callState().equals("no_devices") ? "ended (no devices)" : cl.callState())
            + "; it can no longer be answered");
      }
    }).onFailure(e -> fail(m, e));
  }

  private static JsonObject answeredReply(LiveCall call, int revoked) {
    return new JsonObject().put("callId", call.id).put("state", "answered").put("extension", call.answered.extension).put("revoked", revoked);
  }

  private void onCredentials(Message<JsonObject> m) {
    String ext = m.body() == null ? null : m.body().getString("extension");
    LiveLeg leg = ext == null ? null : byExtension.get(ext);
    if (leg == null) {
      m.fail(404, "no live credentials for extension \"" + (ext == null ? "" : ext) + "\"");
      return;
    }
    LiveCall call = calls.get(leg.callId);
    JsonObject creds = credentials(leg, call);
    if (leg.fetched) {
      m.reply(creds);
      return;
    }
    leg.fetched = true;
    if (call != null && ("created".equals(call.state) || "pushed".equals(call.state))) call.state = "registered";
    LOG.info("door call {}: extension {} fetched its credentials", leg.callId, leg.extension);
    db.markFetched(leg.callId, leg.extension, Store.now())
        .onFailure(e -> LOG.error("door call {}: could not record the credential fetch", leg.callId, e))
        .onComplete(ar -> m.reply(creds));
  }

  private JsonObject credentials(LiveLeg leg, LiveCall call) {
    String realm = config.string("sip.realm");
    return new JsonObject().put("extension", leg.extension).put("password", leg.password)
        .put("ha1", Secrets.md5Hex(leg.extension + ":" + realm + ":" + leg.password)).put("realm", realm)
        .put("expiresAt", iso(call == null ? 0 : call.expiresAt)).put("callId", leg.callId);
  }

  private void onLive(Message<JsonObject> m) {
    JsonArray legs = new JsonArray();
    for (LiveLeg l : byExtension.values()) legs.add(credentials(l, calls.get(l.callId)));
    m.reply(new JsonObject().put("legs", legs));
  }

  /** The leg whose hash is {@code hash}: looked up by its SHA-256, then the digests compared in constant time. */
  private LiveLeg legByHash(String hash) {
    if (hash == null || !hash.matches("[0-9a-f]{32}")) return null;
    String digest = Secrets.sha256Hex(hash);
    LiveLeg leg = byDigest.get(digest);
    if (leg == null) return null;
    boolean same = MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII), leg.digest.getBytes(StandardCharsets.US_ASCII));
    return same ? leg : null;
  }

  private void onLegByHash(Message<JsonObject> m) {
    LiveLeg leg = legByHash(m.body() == null ? null : m.body().getString("hash"));
    LiveCall call = leg == null ? null : calls.get(leg.callId);
    if (call == null) {
      m.fail(404, "no live door call for this link");
      return;
    }
    JsonObject r = new JsonObject().put("callId", call.id);
    if (call.snapshotUrl != null) r.put("snapshotUrl", call.snapshotUrl);
    m.reply(r);
  }

  // --- snapshots

  private Future<LiveCall.Snapshot> fetchCamshot(LiveCall call) {
    Config c = config;
    return camera.fetch(call.snapshotUrl, c.duration("doorcall.snapshotTimeout"), c.number("doorcall.snapshotMaxBytes"))
        .onFailure(e -> LOG.warn("door call {}: camera snapshot failed: {}", call.id, e.getMessage()));
  }

  private void onSnapshot(Message<JsonObject> m) {
    JsonObject body = m.body() == null ? new JsonObject() : m.body();
    LiveLeg leg = legByHash(body.getString("hash"));
    LiveCall call = leg == null ? null : calls.get(leg.callId);
    if (call == null) {
      m.fail(404, "no live door call for this link");
      return;
    }
    if (call.snapshotUrl == null) {
      m.fail(404, "this door has no camera");
      return;
    }
    Future<LiveCall.Snapshot> shot;
    if ("live".equals(body.getString("kind"))) {
      Config c = config;
      shot = camera.fetch(call.snapshotUrl, c.duration("doorcall.snapshotTimeout"), c.number("doorcall.snapshotMaxBytes"));
    } else {
      // Taken once at call start; a failed or missing picture (e.g. after a restart) is fetched again on demand.
      if (call.camshot == null || call.camshot.failed()) call.camshot = fetchCamshot(call);
      shot = call.camshot;
    }
    shot.onSuccess(s -> m.reply(s.bytes(), new DeliveryOptions().addHeader("content-type", s.contentType())))
        .onFailure(e -> m.fail(503, "the door camera is not available"));
  }

  // --- helpers

  private static void fail(Message<?> m, Throwable e) {
    if (!(e instanceof BusFailure)) LOG.error("door call request failed", e);
    BusFailure.reply(m, e);
  }

  static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
