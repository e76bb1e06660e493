package org.portier.push;

import io.vertx.core.json.JsonObject;

/**
 * One outbox row while this node works on it. Only the PushVerticle's context touches it, so the
 * mutable fields need no locking.
 */
final class PushJob {
  final long id;
  final long createdAt;
  final Long deviceId;
  final String provider;
  final String token;
  final String tokenKind;
  final boolean sandbox;
  final String topic;
  final String pushType;
  final int priority;
  final long expiresAt;
  final JsonObject data;
  final String title;
  final String body;
  final String ref;
  String state;
  int attempts;
  /** The whole APNs body of a VoIP push when the caller fixed it (PushRequest.apnsPayload), else null. */
  JsonObject apnsPayload;
  /** A row read back whose sealed payload this node's key cannot open: it is ended, never sent. */
  boolean unreadable;
  /** When a resumed retrying row is due (epoch ms); 0 for a fresh one. */
  long nextAttemptAt;

  PushJob(long id, long createdAt, Long deviceId, String provider, String token, String tokenKind, boolean sandbox, String topic,
      String pushType, int priority, long expiresAt, JsonObject data, String title, String body, String ref, String state, int attempts) {
    this.id = id;
    this.createdAt = createdAt;
    this.deviceId = deviceId;
    this.provider = provider;
    this.token = token;
    this.tokenKind = tokenKind;
    this.sandbox = sandbox;
    this.topic = topic;
    this.pushType = pushType;
    this.priority = priority;
    this.expiresAt = expiresAt;
    this.data = data;
    this.title = title;
    this.body = body;
    this.ref = ref;
    this.state = state;
    this.attempts = attempts;
  }

  static PushJob fromRequest(long id, long now, PushRequest r) {
    PushJob j = new PushJob(id, now, r.deviceId(), r.provider(), r.token(), r.tokenKind(), r.sandbox(), r.topic(), r.pushType(),
        r.priority(), now + r.ttlSeconds() * 1000, r.data(), r.title(), r.body(), r.ref(), PushState.QUEUED, 0);
    j.apnsPayload = r.apnsPayload();
    return j;
  }

  boolean isVoip() {
    return "voip".equals(pushType);
  }

  boolean isAlert() {
    return "alert".equals(pushType);
  }

  /** Milliseconds of life left at {@code now}; zero or less means expired. */
  long remainingMillis(long now) {
    return expiresAt - now;
  }
}
