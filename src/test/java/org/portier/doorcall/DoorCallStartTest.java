package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;
import org.portier.turn.TurnCredentials;

/** Starting door calls: who gets a leg, what the 201 body and the one push.send request carry. */
@ExtendWith(VertxExtension.class)
class DoorCallStartTest {
  private static final String TURN_SECRET = "turn-shared-secret-0123456789";
  /** Every key of the seed-000 call push, plus hash and domophoneId; all strings, none empty. */
  private static final List<String> SEED_KEYS = List.of("server", "port", "transport", "extension", "pass", "dtmf", "stun",
      "stunTransport", "turn", "turnTransport", "turnUsername", "turnPassword", "image", "live", "timestamp", "ttl", "callerId",
      "platform", "flatId", "flatNumber", "baseUrl", "hash", "domophoneId");

  private DoorCallFixture fx;
  private String flat11;
  private String flat13;
  private String ios;
  private String android;
  private String iosWithoutVoip;
  private String deadToken;
  private String hms;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    node.set("sip.stun", "stun:stun.portier.test:3478").set("turn.uri", "turn:127.0.0.1:3478").set("turn.secret", TURN_SECRET)
        .set("turn.transport", "tcp");
    fx = new DoorCallFixture(vertx, node).start();
    String h = fx.house("Lenina 1");
    fx.door(h, 100053, 0, new JsonObject().put("dtmf", "1234").put("callerId", "Подъезд 1"));
    fx.door(h, 100053, 1, new JsonObject().put("dtmf", "5"));
    flat11 = fx.flat(h, "11");
    String flat12 = fx.flat(h, "12");
    flat13 = fx.flat(h, "13");
    String a = fx.subscriber(flat11, "79001110001");
    String b = fx.subscriber(flat11, "79001110002");
    String c = fx.subscriber(flat12, "79001110003");

    ios = fx.device(a, "ios", null, "ios-fcm-token-aaaaaaaa", "ios-voip-token-aaaaaaaa");
    fx.sql("UPDATE devices SET production = FALSE WHERE id = ?", Tuple.of(Long.parseLong(ios)));
    android = fx.device(b, "android", "fcm", "android-fcm-token-bbbbbbbb", null);
    iosWithoutVoip = fx.device(b, "ios", "fcm", "ios-fcm-token-cccccccc", null);
    String flatVoipOff = fx.device(a, "android", "fcm", "android-fcm-token-dddddddd", null);
    fx.sql("INSERT INTO device_flat_settings (device_id, flat_id, voip_enabled) VALUES (?, ?, FALSE)",
        Tuple.of(Long.parseLong(flatVoipOff), Long.parseLong(flat11)));
    String deviceVoipOff = fx.device(a, "android", "fcm", "android-fcm-token-eeeeeeee", null);
    fx.sql("UPDATE devices SET voip_enabled = FALSE WHERE id = ?", Tuple.of(Long.parseLong(deviceVoipOff)));
    deadToken = fx.device(b, "android", "fcm", "android-fcm-token-ffffffff", null);
    fx.sql("UPDATE devices SET push_token_dead = TRUE WHERE id = ?", Tuple.of(Long.parseLong(deadToken)));
    fx.device(a, null, null, null, null);
    fx.device(c, "android", "fcm", "android-fcm-token-gggggggg", null);
    hms = fx.device(b, "android", "hms", "android-hms-token-hhhhhhhh", null);
  }

  @AfterEach
  void tearDown() throws Exception {
    DoorCallFixture.await(fx.stop());
  }

  @Test
  void panelAndFlatNumberRingsEveryEligibleDeviceWithOnePushRequest() throws Exception {
    long before = Instant.now().getEpochSecond();
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("panelId", 100053).put("flatNumber", "11"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    JsonObject call = r.bodyAsJsonObject();
    assertThat(call.getString("callId")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(call.getString("state")).isEqualTo("pushed");
    Instant expires = Instant.parse(call.getString("expiresAt"));
    assertThat(Duration.between(Instant.now(), expires).toSeconds()).isBetween(170L, 181L);

    JsonArray legs = call.getJsonArray("legs");
    Set<String> legDevices = new HashSet<>();
    Set<String> extensions = new HashSet<>();
    for (int i = 0; i < legs.size(); i++) {
      JsonObject leg = legs.getJsonObject(i);
      legDevices.add(leg.getString("deviceId"));
      extensions.add(leg.getString("extension"));
      assertThat(Long.parseLong(leg.getString("extension"))).isBetween(2000000001L, 2000999999L);
      assertThat(call.getJsonArray("dial").getString(i)).isEqualTo("PJSIP/" + leg.getString("extension"));
    }
    assertThat(legDevices).containsExactlyInAnyOrder(ios, android, iosWithoutVoip);
    assertThat(extensions).hasSize(3);
    JsonArray skipped = call.getJsonArray("skipped");
    assertThat(skipped.stream().map(o -> ((JsonObject) o).getString("deviceId"))).containsExactlyInAnyOrder(deadToken, hms);
    assertThat(skipped.encode()).contains("push token is dead").contains("push service hms is not supported yet");

    assertThat(fx.pushRequests).hasSize(1);
    JsonArray pushes = fx.pushRequests.get(0).getJsonArray("pushes");
    assertThat(pushes).hasSize(3);
    Set<String> passwords = new HashSet<>();
    String baseUrl = fx.node.conf.getJsonObject("mobile").getString("publicUrl");
    for (int i = 0; i < pushes.size(); i++) {
      JsonObject push = pushes.getJsonObject(i);
      assertThat(push.getString("pushType")).isEqualTo("voip");
      assertThat(push.getInteger("priority")).isEqualTo(10);
      assertThat(push.getLong("ttlSeconds")).isEqualTo(180L);
      JsonObject data = push.getJsonObject("data");
      assertThat(push.getString("ref")).isEqualTo("call:" + call.getString("callId") + ":" + data.getString("extension"));
      for (String key : SEED_KEYS) {
        assertThat(data.getValue(key)).as(key + " in " + data.encode()).isInstanceOf(String.class);
        assertThat(data.getString(key)).as(key).isNotBlank();
      }
      data.forEach(e -> assertThat(e.getValue()).as(e.getKey()).isInstanceOf(String.class));
      String hash = data.getString("hash");
      assertThat(hash).matches("[0-9a-f]{32}").isEqualTo(data.getString("pass"));
      passwords.add(hash);
      assertThat(data.getString("image")).isEqualTo(baseUrl + "call/camshot/" + hash);
      assertThat(data.getString("live")).isEqualTo(baseUrl + "call/live/" + hash);
      assertThat(data.getString("baseUrl")).isEqualTo(baseUrl).endsWith("/");
      assertThat(data.getString("server")).isEqualTo("sip.portier.test");
      assertThat(data.getString("port")).isEqualTo("5060");
      assertThat(data.getString("transport")).isEqualTo("tcp");
      assertThat(data.getString("dtmf")).isEqualTo("1234");
      assertThat(data.getString("callerId")).isEqualTo("Подъезд 1");
      assertThat(data.getString("flatId")).isEqualTo(flat11);
      assertThat(data.getString("flatNumber")).isEqualTo("11");
      assertThat(data.getString("domophoneId")).isEqualTo("100053");
      assertThat(data.getString("ttl")).isEqualTo("180");
      assertThat(Long.parseLong(data.getString("timestamp"))).isBetween(before, before + 60);
      assertThat(data.getString("stun")).isEqualTo("stun:stun.portier.test:3478");
      assertThat(data.getString("stunTransport")).isEqualTo("udp");
      assertThat(data.getString("turn")).isEqualTo("turn:127.0.0.1:3478");
      assertThat(data.getString("turnTransport")).isEqualTo("tcp");
      String turnUser = data.getString("turnUsername");
      assertThat(turnUser).endsWith(":" + data.getString("extension"));
      long turnExpiry = Long.parseLong(turnUser.substring(0, turnUser.indexOf(':')));
      assertThat(turnExpiry).isBetween(before + 590, before + 660);
      assertThat(data.getString("turnPassword")).isEqualTo(TurnCredentials.password(TURN_SECRET, turnUser));
      assertThat(extensions).contains(data.getString("extension"));
    }
    assertThat(passwords).hasSize(3);

    JsonObject apns = fx.pushFor(ios);
    assertThat(apns.getString("provider")).isEqualTo("apns");
    assertThat(apns.getString("tokenKind")).isEqualTo("voip");
    assertThat(apns.getString("token")).isEqualTo("ios-voip-token-aaaaaaaa");
    assertThat(apns.getString("topic")).isEqualTo("org.portier.app.voip");
    assertThat(apns.getBoolean("sandbox")).isTrue();
    assertThat(apns.getJsonObject("data").getString("platform")).isEqualTo("ios");
    JsonObject fcm = fx.pushFor(android);
    assertThat(fcm.getString("provider")).isEqualTo("fcm");
    assertThat(fcm.getString("tokenKind")).isEqualTo("push");
    assertThat(fcm.containsKey("topic")).isFalse();
    assertThat(fcm.getJsonObject("data").getString("platform")).isEqualTo("android");
    JsonObject iosFcm = fx.pushFor(iosWithoutVoip);
    assertThat(iosFcm.getString("provider")).isEqualTo("fcm");
    assertThat(iosFcm.getString("token")).isEqualTo("ios-fcm-token-cccccccc");
    assertThat(iosFcm.getJsonObject("data").getString("platform")).isEqualTo("ios");

    // stored: the call, one leg per device, the secret only encrypted and digested
    assertThat(fx.count("SELECT COUNT(*) FROM door_calls WHERE state = 'pushed'")).isEqualTo(1);
    assertThat(fx.count("SELECT COUNT(*) FROM door_call_legs WHERE state = 'live'")).isEqualTo(3);
    assertThat(fx.count("SELECT COUNT(*) FROM push_outbox WHERE ref LIKE 'call:" + call.getString("callId") + ":%'")).isEqualTo(3);
    for (String p : passwords) {
      assertThat(fx.count("SELECT COUNT(*) FROM door_call_legs WHERE secret_enc LIKE '%" + p + "%'")).isZero();
    }
  }

  @Test
  void flatIdAndPanelOutputChooseDoorValuesAndCallerId() throws Exception {
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("flatId", flat11).put("callerId", "Курьер"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getJsonArray("legs")).hasSize(3);
    JsonObject data = fx.pushFor(android).getJsonObject("data");
    assertThat(data.getString("callerId")).isEqualTo("Курьер");
    assertThat(data.getString("dtmf")).isEqualTo("1234");

    r = fx.startCall(new JsonObject().put("panelId", "100053").put("flatNumber", 11).put("doorId", 1));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    assertThat(fx.pushRequests).hasSize(2);
    data = fx.pushFor(android).getJsonObject("data");
    assertThat(data.getString("dtmf")).isEqualTo("5");
    assertThat(data.getString("callerId")).isEqualTo("Домофон");
    // two live calls never share an extension
    Set<String> exts = new HashSet<>();
    for (JsonObject req : fx.pushRequests) {
      req.getJsonArray("pushes").forEach(p -> exts.add(((JsonObject) p).getJsonObject("data").getString("extension")));
    }
    assertThat(exts).hasSize(6);
  }

  @Test
  void aFlatWithoutDevicesGetsACallWithNoLegsAndNoPush() throws Exception {
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("flatId", Long.parseLong(flat13)));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    JsonObject call = r.bodyAsJsonObject();
    assertThat(call.getString("state")).isEqualTo("no_devices");
    assertThat(call.getJsonArray("legs")).isEmpty();
    assertThat(call.getJsonArray("dial")).isEmpty();
    assertThat(fx.pushRequests).isEmpty();
    JsonObject status = fx.integration(io.vertx.core.http.HttpMethod.GET, "/door-calls/" + call.getString("callId")).bodyAsJsonObject();
    assertThat(status.getString("state")).isEqualTo("no_devices");
    assertThat(status.getJsonArray("legs")).isEmpty();
  }
}
