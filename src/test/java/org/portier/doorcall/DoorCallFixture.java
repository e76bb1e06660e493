package org.portier.doorcall;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.portier.security.Secrets;
import org.portier.testing.PushStandIn;
import org.portier.testing.TestNode;

/**
 * A Portier node with operator data for door-call tests, plus a stand-in for the push actor on
 * push.send: it records every request and writes push_outbox rows (state "accepted" unless a
 * device is told otherwise) so GET /door-calls shows real push states.
 */
final class DoorCallFixture {
  final TestNode node;
  final Vertx vertx;
  final List<JsonObject> pushRequests = new CopyOnWriteArrayList<>();
  /** Outbox state per device id; others get "accepted". */
  final Map<String, String> outboxStates = new ConcurrentHashMap<>();
  private PushStandIn pushStandIn;
  /** When set, answers push.send instead of the default (which writes the rows at once); gets the default as a function. */
  volatile java.util.function.BiFunction<JsonObject, java.util.function.Function<JsonObject, Future<JsonObject>>, Future<JsonObject>> pushAnswer;

  DoorCallFixture(Vertx vertx, TestNode node) {
    this.vertx = vertx;
    this.node = node;
  }

  /** Starts the node (after {@code node.set(...)} tweaks) and the push stand-in. */
  DoorCallFixture start() throws Exception {
    await(node.start(vertx));
    startPushStandIn();
    return this;
  }

  void startPushStandIn() throws Exception {
    pushStandIn = PushStandIn.install(vertx, body -> {
      pushRequests.add(body.copy());
      var custom = pushAnswer;
      return custom == null ? writeOutbox(body) : custom.apply(body, this::writeOutbox);
    });
  }

  /** What the push actor does before it answers: one outbox row per push; the reply with their ids. */
  Future<JsonObject> writeOutbox(JsonObject body) {
    JsonArray pushes = body.getJsonArray("pushes");
    Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < pushes.size(); i++) {
      JsonObject p = pushes.getJsonObject(i);
      chain = chain.compose(ids -> outbox(p).map(id -> {
        ids.add(Long.toString(id));
        return ids;
      }));
    }
    return chain.map(ids -> new JsonObject().put("ids", new JsonArray(ids)));
  }

  /** The push actor "goes down": every push.send fails from now on. */
  Future<Void> stopPushStandIn() {
    pushStandIn.failAll();
    return Future.succeededFuture();
  }

  Future<Void> stop() {
    if (pushStandIn != null) pushStandIn.close();
    return node.stop();
  }

  private Future<Long> outbox(JsonObject p) {
    String state = outboxStates.getOrDefault(p.getString("deviceId"), "accepted");
    long now = System.currentTimeMillis();
    return node.portier().store().ids().next("push_outbox").compose(id -> pool().preparedQuery(
            "INSERT INTO push_outbox (id, created_at, updated_at, device_id, provider, token, token_kind, sandbox, topic, push_type,"
                + " priority, expires_at, payload, ref, state, attempts, next_attempt_at, last_error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(id, now, now, Long.parseLong(p.getString("deviceId")), p.getString("provider"), p.getString("token"))
            .addValue(p.getString("tokenKind")).addValue(p.getBoolean("sandbox")).addValue(p.getString("topic"))
            .addValue(p.getString("pushType")).addValue(p.getInteger("priority")).addValue(now + p.getLong("ttlSeconds") * 1000)
            .addValue(p.getJsonObject("data").encode()).addValue(p.getString("ref")).addValue(state)
            .addValue("rejected".equals(state) ? 1 : 0).addValue(now).addValue("rejected".equals(state) ? "BadDeviceToken" : null))
        .map(id));
  }

  Pool pool() {
    return node.portier().store().pool();
  }

  // --- operator data

  String house(String address) throws Exception {
    return await(node.create("/houses", new JsonObject().put("address", address))).getString("id");
  }

  JsonObject door(String houseId, long panelId, int doorId, JsonObject extra) throws Exception {
    JsonObject body = new JsonObject().put("panelId", panelId).put("doorId", doorId).put("name", "Door " + doorId);
    if (extra != null) body.mergeIn(extra);
    return await(node.create("/houses/" + houseId + "/doors", body));
  }

  String flat(String houseId, String number) throws Exception {
    return await(node.create("/houses/" + houseId + "/flats", new JsonObject().put("number", number))).getString("id");
  }

  String subscriber(String flatId, String phone) throws Exception {
    return await(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", phone))).getString("id");
  }

  /** A device row as the mobile face writes it after registerPushToken. */
  String device(String subscriberId, String platform, String pushService, String pushToken, String voipToken) throws Exception {
    long id = await(node.portier().store().ids().next("devices"));
    long now = System.currentTimeMillis();
    await(pool().preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform, push_service, push_token,"
            + " voip_token, production, bundle, last_seen, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(id, Long.parseLong(subscriberId), Secrets.randomHex(32), "fp-" + id).addValue(platform).addValue(pushService)
            .addValue(pushToken).addValue(voipToken).addValue(true).addValue("ios".equals(platform) ? "org.portier.app" : null)
            .addValue(now).addValue(now)));
    return Long.toString(id);
  }

  void sql(String sql, Tuple args) throws Exception {
    await(pool().preparedQuery(sql).execute(args));
  }

  long count(String sql) throws Exception {
    return await(pool().query(sql).execute()).iterator().next().getLong(0);
  }

  // --- HTTP

  HttpResponse<Buffer> startCall(JsonObject body) throws Exception {
    return await(node.integration(HttpMethod.POST, "/door-calls").sendJsonObject(body));
  }

  HttpResponse<Buffer> integration(HttpMethod m, String path) throws Exception {
    return await(node.integration(m, path).send());
  }

  HttpResponse<Buffer> sip(HttpMethod m, String path) throws Exception {
    return await(node.http(m, "/sip" + path).bearerTokenAuthentication(TestNode.SIP_KEY).send());
  }

  HttpResponse<Buffer> asterisk(String family, String op, String body) throws Exception {
    return await(node.http(HttpMethod.POST, "/sip/asterisk/" + family + "/" + op).bearerTokenAuthentication(TestNode.SIP_KEY)
        .putHeader("content-type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body)));
  }

  /** The push data sent for one device in the last push.send request. */
  JsonObject pushFor(String deviceId) {
    JsonArray pushes = pushRequests.get(pushRequests.size() - 1).getJsonArray("pushes");
    for (int i = 0; i < pushes.size(); i++) {
      if (deviceId.equals(pushes.getJsonObject(i).getString("deviceId"))) return pushes.getJsonObject(i);
    }
    throw new AssertionError("no push for device " + deviceId + " in " + pushes.encodePrettily());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
