package org.portier.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.portier.bus.Addresses;
import org.portier.store.Store;
import org.portier.testing.FakeApns;
import org.portier.testing.TestNode;

/** Small helpers shared by the push tests: requests on push.send, outbox rows, device rows. */
final class PushTestKit {
  private PushTestKit() {}

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e.getCause() != null ? e.getCause() : e);
    }
  }

  static JsonObject apnsVoip(String token) {
    return new JsonObject().put("deviceId", "1").put("provider", "apns").put("token", token).put("tokenKind", "voip")
        .put("sandbox", false).put("topic", FakeApns.VOIP_TOPIC).put("pushType", "voip").put("priority", 10).put("ttlSeconds", 180)
        .put("data", new JsonObject().put("server", "sip.portier.test").put("port", "5060").put("transport", "tcp")
            .put("extension", "2000002224").put("pass", "310b2883c53024644bcd8355fe846b67").put("callerId", "Домофон"))
        .put("ref", "call:test");
  }

  static JsonObject fcmCall(String token) {
    return new JsonObject().put("provider", "fcm").put("token", token).put("tokenKind", "push").put("pushType", "voip")
        .put("priority", 10).put("ttlSeconds", 180)
        .put("data", new JsonObject().put("server", "sip.portier.test").put("port", "5060").put("extension", "2000002225"));
  }

  /** Sends one push.send request and returns the ids. */
  static List<String> send(Vertx vertx, JsonObject... pushes) {
    JsonObject reply = await(vertx.eventBus().<JsonObject>request(Addresses.PUSH_SEND,
        new JsonObject().put("pushes", new JsonArray(List.of((Object[]) pushes))))).body();
    List<String> ids = new ArrayList<>();
    reply.getJsonArray("ids").forEach(x -> ids.add((String) x));
    return ids;
  }

  /** A push.send that must fail; returns the failure. */
  static ReplyException refused(Vertx vertx, Object body) {
    try {
      vertx.eventBus().request(Addresses.PUSH_SEND, body).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ReplyException r) return r;
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("push.send accepted " + body);
  }

  /** The outbox row, column names in lower case. */
  static JsonObject row(TestNode node, String id) {
    var rs = await(node.portier().store().pool().preparedQuery("SELECT * FROM push_outbox WHERE id = ?").execute(Tuple.of(Long.parseLong(id))));
    if (rs.size() == 0) throw new AssertionError("no outbox row " + id);
    Row r = rs.iterator().next();
    JsonObject out = new JsonObject();
    for (int i = 0; i < r.size(); i++) out.put(r.getColumnName(i).toLowerCase(), r.getValue(i));
    return out;
  }

  static long outboxCount(TestNode node) {
    return await(node.portier().store().pool().query("SELECT COUNT(*) FROM push_outbox").execute()).iterator().next().getLong(0);
  }

  /** A subscriber and one device holding the given tokens; returns the device id. */
  static long insertDevice(TestNode node, long id, String voipToken, String pushToken) {
    long now = Store.now();
    var pool = node.portier().store().pool();
    await(pool.preparedQuery("INSERT INTO subscribers (id, phone, created_at) VALUES (?, ?, ?)").execute(Tuple.of(id, "7900" + id, now)));
    Tuple t = Tuple.of(id, id, "hash" + id, "fp" + id);
    t.addValue(voipToken).addValue(pushToken).addValue(now).addValue(now);
    await(pool.preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, voip_token, push_token, last_seen, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(t));
    return id;
  }

  static JsonObject device(TestNode node, long id) {
    Row r = await(node.portier().store().pool().preparedQuery("SELECT voip_token_dead, push_token_dead FROM devices WHERE id = ?")
        .execute(Tuple.of(id))).iterator().next();
    return new JsonObject().put("voipDead", r.getBoolean(0)).put("pushDead", r.getBoolean(1));
  }

  /** An APNs VoIP row written straight into the outbox as "queued", without owner, as an older run leaves it. */
  static void insertQueued(TestNode node, long id, String token, long createdAt, long expiresAt) {
    insertQueued(node, id, token, createdAt, expiresAt, null, 0);
  }

  /** As above, owned by {@code owner} (a node id) until {@code leaseUntil}. */
  static void insertQueued(TestNode node, long id, String token, long createdAt, long expiresAt, String owner, long leaseUntil) {
    Tuple t = Tuple.of(id, createdAt, createdAt, "apns", token, "voip", false, FakeApns.VOIP_TOPIC, "voip", 10, expiresAt);
    t.addValue(new JsonObject().put("data", new JsonObject().put("k", "v")).encode()).addValue("queued").addValue(createdAt);
    t.addValue(owner).addValue(leaseUntil);
    await(node.portier().store().pool().preparedQuery("INSERT INTO push_outbox (id, created_at, updated_at, provider, token, token_kind,"
        + " sandbox, topic, push_type, priority, expires_at, payload, state, next_attempt_at, owner, lease_until)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(t));
  }
}
