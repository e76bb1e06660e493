package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.portier.testing.FakeApns;
import org.portier.testing.TestNode;

/**
 * An iPhone app that registers an APNs device token as its push token (registerPushToken type 1/2)
 * and no VoIP token: operator messages reach MockApnsServer as visible alerts with seed-000 data,
 * and door calls as "incoming call" alerts carrying the call data; never the VoIP topic.
 */
class IosApnsTokenTest extends InboxTestBase {
  static final String APNS_TOKEN = "0f1e2d3c".repeat(8);

  private String iosWithApnsToken() throws Exception {
    String token = login(IOS_PHONE, IOS_INFO);
    HttpResponse<Buffer> r = mobile("user/registerPushToken", token, new JsonObject().put("platform", "ios").put("pushToken", APNS_TOKEN)
        .put("type", 2).put("production", "f"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    return token;
  }

  @Test
  void textsAndCallsReachApnsAsAlerts() throws Exception {
    iosWithApnsToken();
    JsonObject first = sendOk(text("phone", IOS_PHONE, "Отключение воды"));
    FakeApns.Notification n = apns.await(1);
    assertThat(n.token()).isEqualTo(APNS_TOKEN);
    assertThat(n.pushType()).isEqualTo("alert");
    assertThat(n.topic()).isEqualTo(FakeApns.BUNDLE);
    JsonObject alert = n.payload().getJsonObject("aps").getJsonObject("alert");
    assertThat(alert.getString("title")).isEqualTo("Отключение воды");
    assertThat(alert.getString("body")).isEqualTo("Текст: Отключение воды");
    assertThat(n.payload().getJsonObject("data")).isEqualTo(new JsonObject()
        .put("messageId", first.getString("id")).put("action", "inbox").put("badge", "1"));
    JsonObject second = sendOk(text("phone", IOS_PHONE, "Собрание жильцов").put("action", "ext").put("ext", "meeting"));
    assertThat(apns.await(2).payload().getJsonObject("data")).isEqualTo(new JsonObject()
        .put("messageId", second.getString("id")).put("action", "ext").put("badge", "2").put("ext", "meeting"));
    until(() -> message(second.getString("id")).getJsonArray("pushes").getJsonObject(0).getString("state"), "accepted"::equals,
        "the APNs alert accepted");

    // a door call: no VoIP token, so a visible "incoming call" alert with the call's data
    get(node.create("/houses/" + houseId + "/doors", new JsonObject().put("panelId", 100077).put("doorId", 0).put("name", "Подъезд")));
    HttpResponse<Buffer> call = get(node.integration(HttpMethod.POST, "/door-calls").sendJsonObject(new JsonObject().put("flatId", flatId)));
    assertThat(call.statusCode()).as(TestNode.status(call)).isEqualTo(201);
    FakeApns.Notification ring = apns.await(3);
    assertThat(ring.pushType()).isEqualTo("alert");
    assertThat(ring.topic()).isEqualTo(FakeApns.BUNDLE);
    assertThat(ring.payload().getJsonObject("aps").getJsonObject("alert").getString("title")).isEqualTo("Входящий вызов");
    JsonObject data = ring.payload().getJsonObject("data");
    assertThat(data.getString("extension")).isEqualTo(call.bodyAsJsonObject().getJsonArray("legs").getJsonObject(0).getString("extension"));
    assertThat(data.getString("hash")).isEqualTo(data.getString("pass"));
    assertThat(fcm.count()).isZero();
  }
}
