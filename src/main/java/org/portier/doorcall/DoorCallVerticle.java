package org.portier.doorcall;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
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
 * stored. A definite refusal of push.send (the push actor answered with a failure, or there is no
 * push actor) stores the call as {@code failed}, revokes its credentials and fails the start with
 * 503; a push.send that does not answer in time does not: the push actor may still commit and send
 * those pushes, so the call stays live (its pushes unconfirmed) rather than ringing phones with
 * dead credentials. Once a call ends early (DELETE, answered by another leg, failed) the refs of its
 * unsent pushes are published on {@link Addresses#PUSH_CANCEL}; every push also carries the call's
 * TTL, so none leaves after the call expires.
 *
 * <p>Restart: start() does not wait for the live calls to be read back. Until they are in memory the
 * SIP lookups (credentials, live legs) are answered from the store, new calls check the store for
 * extensions still held, and requests about one existing call (end, answered, snapshot links) wait
 * for the load in a bounded queue.
 */
public final class DoorCallVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DoorCallVerticle.class);
  /** At most this many skipped devices are kept in the call's notes. */
  private static final int MAX_NOTES = 20;
  /** How long push.send may take to confirm that the pushes are in the outbox; tests shorten it. */
  static volatile long pushSendTimeoutMs = 10_000;
  /** Requests about existing calls held while the live calls load; beyond this they are refused (503). */
  private static final int MAX_WAITING_FOR_LOAD = 10_000;
  private static final long RELOAD_RETRY_MS = 1_000;
  /** Tests hold the load of live calls on this future to see the answers given meanwhile; null in production. */
  static volatile java.util.function.Supplier<Future<Void>> loadGate;

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
  /** False until the live calls of the previous run are in memory (see {@link #reload}). */
  private boolean loaded;
  /** Calls started while loading: the load must not add them again. */
  private final Set<String> startedWhileLoading = new HashSet<>();
  /** Requests about existing calls that wait for the load. */
  private final List<Runnable> waitingForLoad = new ArrayList<>();
  private boolean stopped;

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
    // Not awaited: the faces answer meanwhile (see the class comment), whatever the store holds.
    load();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    // Calls stay live in the database: the next start reloads them and re-arms their timers.
    stopped = true;
    calls.values().forEach(c -> vertx.cancelTimer(c.timerId));
    return camera.close();
  }

  // --- restart

  /** Loads the live calls (again after a failure) and then lets the waiting requests in. */
  private void load() {
    long began = System.nanoTime();
    java.util.function.Supplier<Future<Void>> gate = loadGate;
    (gate == null ? Future.<Void>succeededFuture() : gate.get()).compose(v -> reload()).onComplete(ar -> {
      if (stopped) return;
      if (ar.failed()) {
        LOG.error("live door calls could not be loaded (the SIP face answers from the store meanwhile); retrying: {}", ar.cause().toString());
        vertx.setTimer(RELOAD_RETRY_MS, t -> load());
        return;
      }
      loaded = true;
      startedWhileLoading.clear();
      LOG.info("live door calls loaded in {} ms: {} call(s), {} leg(s)", (System.nanoTime() - began) / 1_000_000, calls.size(), byExtension.size());
      List<Runnable> waiting = new ArrayList<>(waitingForLoad);
      waitingForLoad.clear();
      waiting.forEach(Runnable::run);
    });
  }

  private Future<Void> reload() {
    long now = Store.now();
    return db.expirePastDue(now).compose(v -> db.liveLegs(now)).map(rows -> {
      // Calls started (and maybe already ended) during the load are this run's own: memory is right about them.
      Set<String> own = new HashSet<>(calls.keySet());
      own.addAll(startedWhileLoading);
      List<LiveCall> added = new ArrayList<>();
      long at = Store.now();
      boolean pastDue = false;
      for (DoorCallStore.LiveRow r : rows) {
        if (own.contains(r.callId())) continue;
        // Past due while loading: its extension may already be a new call's (which looked at the store later).
        if (r.expiresAt() <= at || byExtension.containsKey(r.extension())) {
          pastDue = true;
          continue;
        }
        String password;
        try {
          password = secrets.decrypt(r.secretEnc());
        } catch (IllegalStateException e) {
          // A leg sealed with another key (key file replaced) cannot be served; the others still can.
          LOG.error("door call {}: leg {} cannot be decrypted and is not served: {}", r.callId(), r.extension(), e.getMessage());
          continue;
        }
        LiveCall call = calls.computeIfAbsent(r.callId(), id -> {
          LiveCall c = new LiveCall(id, r.expiresAt(), r.snapshotUrl(), r.callState());
          added.add(c);
          return c;
        });
        LiveLeg leg = new LiveLeg(r.callId(), r.extension(), password, r.secretDigest(), r.deviceId(), r.platform(), r.fetched());
        addLeg(call, leg);
        // an answered call reloads with only its answered leg live (the others were revoked in the store)
        if (r.answered()) call.answered = leg;
      }
      added.forEach(this::armTimer);
      return pastDue;
    }).compose(pastDue -> pastDue ? db.expirePastDue(Store.now()) : Future.<Void>succeededFuture());
  }

  /**
   * Runs {@code r} now when the live calls are loaded, else once they are; 503 when too many wait.
   * For requests about a call that may be one of the previous run's.
   */
  private void afterLoad(Message<?> m, Runnable r) {
    if (loaded) {
      r.run();
    } else if (waitingForLoad.size() >= MAX_WAITING_FOR_LOAD) {
      m.fail(503, "door calls are still loading after a restart; try again shortly");
    } else {
      waitingForLoad.add(r);
    }
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
    // While the previous run's calls load, their extensions are only in the store.
    Future<Set<String>> held = loaded ? Future.succeededFuture(Set.of()) : db.liveExtensions(Store.now());
    target.compose(t -> db.eligibleDevices(t.flatId()).compose(devices -> held.compose(h -> startCall(t, req.getString("callerId"), devices, h))))
        .onSuccess(m::reply)
        .onFailure(e -> fail(m, e));
  }

  private Future<JsonObject> startCall(CallTarget t, String requestedCallerId, List<DeviceRow> devices, Set<String> heldInStore) {
    CallPlan plan = CallPlan.make(config, t, requestedCallerId, devices, secrets,
        ext -> byExtension.containsKey(ext) || reserved.contains(ext) || heldInStore.contains(ext), Store.now());
    List<LiveLeg> legs = plan.legs;
    if (legs.isEmpty() && plan.lastSipError != null) {
      return Future.failedFuture(new BusFailure(503, "no device could get valid SIP credentials: " + plan.lastSipError));
    }
    // Written as "pushed" at once: the outbox write follows, and a refused push.send turns the call
    // "failed". One commit less on the ring path (the disk sync is what limits door calls/s).
    String state = legs.isEmpty() ? "no_devices" : "pushed";
    legs.forEach(l -> reserved.add(l.extension));
    if (!loaded) startedWhileLoading.add(plan.callId);
    return db.insertCall(plan.callId, t, plan.callerId, state, notes(plan.skipped), plan.now, plan.expiresAt, plan.stored)
        .onComplete(ar -> legs.forEach(l -> reserved.remove(l.extension)))
        .compose(v -> {
          if (legs.isEmpty()) {
            LOG.info("door call {} to flat {}: no eligible device", plan.callId, t.flatId());
            return Future.succeededFuture(reply(plan, state, true));
          }
          LiveCall call = new LiveCall(plan.callId, plan.expiresAt, t.snapshotUrl(), state);
          legs.forEach(l -> addLeg(call, l));
          calls.put(call.id, call);
          armTimer(call);
          if (call.snapshotUrl != null) call.camshot = fetchCamshot(call);
          return sendPushes(call, plan.pushes).map(confirmed -> reply(plan, call.state, confirmed));
        });
  }

  /**
   * Hands the pushes to push.send. True: they are in the outbox. False: push.send did not answer in
   * time, so they may still be committed and sent, and the call stays live. A failed future: push.send
   * refused them (or no push actor exists), and the call is failed and revoked.
   */
  private Future<Boolean> sendPushes(LiveCall call, List<JsonObject> pushes) {
    DeliveryOptions o = new DeliveryOptions().setSendTimeout(pushSendTimeoutMs);
    return vertx.eventBus().<JsonObject>request(Addresses.PUSH_SEND, PushSend.request(pushes), o)
        .compose(reply -> {
          JsonArray ids = reply.body() == null ? null : reply.body().getJsonArray("ids");
          if (ids == null || ids.size() != pushes.size()) return Future.failedFuture("push.send answered without one id per push");
          LOG.info("door call {}: {} push(es) handed to push.send", call.id, pushes.size());
          return Future.succeededFuture(true);
        }, e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
            LOG.warn("door call {}: push.send did not confirm {} push(es) within {} ms; the call stays live, its pushes may still go out",
                call.id, pushes.size(), pushSendTimeoutMs);
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(e);
        })
        .recover(e -> {
          // e.g. recipient_failure: push outbox busy: ... (503), no_handlers, or an outbox write that failed
          String why = e instanceof ReplyException re && re.failureType() != null
              ? re.failureType().name().toLowerCase() + ": " + re.getMessage() : e.getMessage();
          LOG.error("door call {}: push.send refused the pushes ({}); revoking its credentials", call.id, why);
          call.state = "failed";
          drop(call);
          cancelPushes(call, call.legs);
          String message = "the push service did not take the call pushes: " + why;
          return db.finish(call.id, "failed", "revoked", Store.now()).transform(x -> Future.failedFuture(new BusFailure(503, message)));
        });
  }

  /**
   * Tells every push actor that the pushes of these legs must not leave any more (the call ended
   * before its TTL). Published: each node's push actor holds its own rows; none may be listening.
   */
  private void cancelPushes(LiveCall call, List<LiveLeg> legs) {
    if (legs.isEmpty()) return;
    JsonArray refs = new JsonArray();
    for (LiveLeg l : legs) refs.add(PushRoute.ref(call.id, l.extension));
    vertx.eventBus().publish(Addresses.PUSH_CANCEL, new JsonObject().put("refs", refs).put("reason", "door call " + call.state));
  }

  /** The 201 body. */
  private static JsonObject reply(CallPlan plan, String state, boolean pushesConfirmed) {
    JsonArray legJson = new JsonArray();
    JsonArray dial = new JsonArray();
    for (LiveLeg l : plan.legs) {
      legJson.add(new JsonObject().put("deviceId", Long.toString(l.deviceId)).put("platform", l.platform).put("extension", l.extension));
      dial.add("PJSIP/" + l.extension);
    }
    return new JsonObject().put("callId", plan.callId).put("state", state).put("expiresAt", iso(plan.expiresAt))
        .put("legs", legJson).put("dial", dial).put("skipped", plan.skipped).put("pushesConfirmed", pushesConfirmed);
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
    call.state = "expired";
    // Its pushes carry the call's TTL rounded up to a second: a push still due in that second must not leave.
    cancelPushes(call, call.legs);
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
    if (call == null && !loaded) {
      afterLoad(m, () -> onEnd(m));
      return;
    }
    int revoked = 0;
    if (call != null) {
      revoked = drop(call);
      call.state = "ended";
      cancelPushes(call, call.legs);
    }
    int n = revoked;
    db.finish(callId, "ended", "revoked", Store.now()).compose(v -> db.state(callId)).onSuccess(state -> {
      if (state == null) {
        m.fail(404, "no door call with id \"" + callId + "\"");
      } else {
        if (call != null) LOG.info("door call {} ended; {} credential(s) revoked", callId, n);
        m.reply(new JsonObject().put("callId", callId).put("state", state).put("revoked", n));
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
    if (call == null && !loaded) {
      afterLoad(m, () -> onAnswered(m));
      return;
    }
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
    List<LiveLeg> others = new ArrayList<>();
    for (LiveLeg l : call.legs) {
      if (l != leg && isLive(l)) {
        revoke(l);
        others.add(l);
      }
    }
    // the other phones must not start ringing now with revoked credentials
    cancelPushes(call, others);
    int n = others.size();
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
    if (leg == null && ext != null && !loaded) {
      credentialsFromStore(m, ext);
      return;
    }
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
    return credentials(leg.extension, leg.password, call == null ? 0 : call.expiresAt, leg.callId);
  }

  private JsonObject credentials(String extension, String password, long expiresAt, String callId) {
    String realm = config.string("sip.realm");
    return new JsonObject().put("extension", extension).put("password", password)
        .put("ha1", Secrets.md5Hex(extension + ":" + realm + ":" + password)).put("realm", realm)
        .put("expiresAt", iso(expiresAt)).put("callId", callId);
  }

  /**
   * The credentials of a leg of the previous run while the live calls load: read and decrypted from
   * the store. A call this run holds in memory is answered from memory only (it may have revoked the
   * leg a moment before the store hears of it).
   */
  private void credentialsFromStore(Message<JsonObject> m, String ext) {
    long now = Store.now();
    db.liveLeg(ext, now).onSuccess(r -> {
      LiveLeg inMemory = byExtension.get(ext);
      if (inMemory != null) {
        onCredentials(m);
        return;
      }
      String password = r == null || calls.containsKey(r.callId()) || startedWhileLoading.contains(r.callId()) ? null : open(r);
      if (password == null) {
        m.fail(404, "no live credentials for extension \"" + ext + "\"");
        return;
      }
      JsonObject creds = credentials(ext, password, r.expiresAt(), r.callId());
      if (r.fetched()) {
        m.reply(creds);
        return;
      }
      LOG.info("door call {}: extension {} fetched its credentials (from the store, live calls still loading)", r.callId(), ext);
      db.markFetched(r.callId(), ext, Store.now())
          .onFailure(e -> LOG.error("door call {}: could not record the credential fetch", r.callId(), e))
          .onComplete(ar -> m.reply(creds));
    }).onFailure(e -> fail(m, e));
  }

  /** The leg's password, or null when it cannot be decrypted (logged). */
  private String open(DoorCallStore.LiveRow r) {
    try {
      return secrets.decrypt(r.secretEnc());
    } catch (IllegalStateException e) {
      LOG.error("door call {}: leg {} cannot be decrypted and is not served: {}", r.callId(), r.extension(), e.getMessage());
      return null;
    }
  }

  private void onLive(Message<JsonObject> m) {
    if (!loaded) {
      liveFromStore(m);
      return;
    }
    JsonArray legs = new JsonArray();
    for (LiveLeg l : byExtension.values()) legs.add(credentials(l, calls.get(l.callId)));
    m.reply(new JsonObject().put("legs", legs));
  }

  /** Every live leg while the live calls load: this run's from memory, the previous run's from the store. */
  private void liveFromStore(Message<JsonObject> m) {
    db.liveLegs(Store.now()).onSuccess(rows -> {
      JsonArray legs = new JsonArray();
      for (LiveLeg l : byExtension.values()) legs.add(credentials(l, calls.get(l.callId)));
      for (DoorCallStore.LiveRow r : rows) {
        if (calls.containsKey(r.callId()) || startedWhileLoading.contains(r.callId()) || byExtension.containsKey(r.extension())) continue;
        String password = open(r);
        if (password != null) legs.add(credentials(r.extension(), password, r.expiresAt(), r.callId()));
      }
      m.reply(new JsonObject().put("legs", legs));
    }).onFailure(e -> fail(m, e));
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
    if (leg == null && !loaded) {
      afterLoad(m, () -> onLegByHash(m));
      return;
    }
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
    if (leg == null && !loaded) {
      afterLoad(m, () -> onSnapshot(m));
      return;
    }
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
