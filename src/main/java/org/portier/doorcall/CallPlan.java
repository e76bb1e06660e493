package org.portier.doorcall;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.portier.config.Config;
import org.portier.bus.BusFailure;
import org.portier.config.SipValues;
import org.portier.security.SecretBox;
import org.portier.security.Secrets;
import org.portier.turn.TurnCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one call start mints before anything is stored or sent: per eligible device a random
 * extension (free among live calls and within this call), a 128-bit password that is also the
 * leg's hash, TURN credentials, the checked SIP values and the push; and why each other device got
 * nothing. Pure apart from randomness, so the actor only stores and sends what it gets.
 */
final class CallPlan {
  private static final Logger LOG = LoggerFactory.getLogger(CallPlan.class);

  final String callId = UUID.randomUUID().toString();
  final CallTarget target;
  final String callerId;
  final long now;
  final long expiresAt;
  final long ttlSeconds;
  final List<LiveLeg> legs = new ArrayList<>();
  final List<JsonObject> pushes = new ArrayList<>();
  final List<DoorCallStore.StoredLeg> stored = new ArrayList<>();
  final JsonArray skipped = new JsonArray();
  /** The last SIP check failure; when it left no leg at all the start fails. */
  String lastSipError;

  private CallPlan(CallTarget target, String callerId, long now, long ttlMs) {
    this.target = target;
    this.callerId = callerId;
    this.now = now;
    this.expiresAt = now + ttlMs;
    this.ttlSeconds = (ttlMs + 999) / 1000;
  }

  static CallPlan make(Config c, CallTarget t, String requestedCallerId, List<DeviceRow> devices, SecretBox secrets,
      Predicate<String> extensionInUse, long now) {
    String callerId = firstNonBlank(requestedCallerId, t.doorCallerId(), c.string("doorcall.callerId"));
    CallPlan plan = new CallPlan(t, callerId, now, c.duration("doorcall.ttl").toMillis());
    boolean turnOn = !c.string("turn.uri").isEmpty();
    // The TURN REST username carries its own expiry; an allocation made before it outlives it.
    long turnExpiry = now / 1000 + c.duration("turn.ttl").toSeconds();
    Set<String> picked = new HashSet<>();
    for (DeviceRow d : devices) {
      PushRoute.Choice choice = PushRoute.choose(d, c.string("push.apns.bundle"));
      if (choice.route() == null) {
        plan.skip(d, choice.skipReason());
        continue;
      }
      PushRoute route = choice.route();
      String extension = freeExtension(c, ext -> picked.contains(ext) || extensionInUse.test(ext));
      String password = Secrets.randomHex(16);
      String sipError = SipValues.checkLeg(c.string("sip.server"), c.number("sip.port"), c.string("sip.transport"), extension, password);
      if (sipError != null) {
        LOG.error("door call {}: device {} gets no leg, SIP values rejected: {}", plan.callId, d.id(), sipError);
        plan.skip(d, "SIP values rejected: " + sipError);
        plan.lastSipError = sipError;
        continue;
      }
      picked.add(extension);
      String digest = Secrets.sha256Hex(password);
      TurnCredentials turn = turnOn ? TurnCredentials.mint(c.string("turn.secret"), extension, turnExpiry) : null;
      JsonObject data = VoipPayload.build(c, t, callerId, extension, password, turn, route.platform(), now / 1000, plan.ttlSeconds);
      plan.pushes.add(route.request(data, plan.ttlSeconds, plan.callId));
      plan.legs.add(new LiveLeg(plan.callId, extension, password, digest, d.id(), route.platform(), false));
      plan.stored.add(new DoorCallStore.StoredLeg(extension, d.id(), route.platform(), secrets.encrypt(password), digest));
    }
    return plan;
  }

  private void skip(DeviceRow d, String reason) {
    skipped.add(new JsonObject().put("deviceId", Long.toString(d.id())).put("reason", reason));
  }

  private static String freeExtension(Config c, Predicate<String> taken) {
    long from = c.number("sip.extensionFrom");
    long to = c.number("sip.extensionTo");
    for (int i = 0; i < 1000; i++) {
      String ext = Long.toString(Secrets.randomInRange(from, to));
      if (!taken.test(ext)) return ext;
    }
    // every extension tried is held by a live call: the range is too small for the calls at once
    throw BusFailure.unavailable("no free SIP extension in sip.extensionFrom..extensionTo (" + from + "-" + to + ") for a new leg");
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return "";
  }
}
