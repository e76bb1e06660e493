package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** push.send requests built with PushSend are the JSON the push actor has always parsed, key for key. */
class PushSendTest {
  @Test
  void aCallPushIsTheJsonThePushActorParses() {
    JsonObject data = new JsonObject().put("extension", "1000017").put("callerId", "Door 1");
    JsonObject built = PushSend.push(PushRequest.APNS, "a".repeat(64), "voip", "voip").deviceId(12).sandbox(true).priority(10)
        .ttlSeconds(180).data(data).ref("call:c1:1000017").topic("org.example.app.voip").json();
    JsonObject byHand = new JsonObject().put("deviceId", "12").put("provider", "apns").put("token", "a".repeat(64))
        .put("tokenKind", "voip").put("sandbox", true).put("pushType", "voip").put("priority", 10)
        .put("ttlSeconds", 180L).put("data", data).put("ref", "call:c1:1000017").put("topic", "org.example.app.voip");
    assertThat(built.encode()).hasSameSizeAs(byHand.encode());
    assertThat(new JsonObject(built.encode()).getMap()).isEqualTo(new JsonObject(byHand.encode()).getMap());

    JsonObject request = PushSend.request(List.of(built));
    assertThat(request.fieldNames()).containsExactly("pushes");
    PushRequest parsed = PushRequest.parseAll(request).get(0);
    assertThat(parsed.deviceId()).isEqualTo(12L);
    assertThat(parsed.topic()).isEqualTo("org.example.app.voip");
    assertThat(parsed.sandbox()).isTrue();
  }

  @Test
  void unsetFieldsAreLeftOutSoThePushActorsDefaultsApply() {
    JsonObject alert = PushSend.push(PushRequest.FCM, "f".repeat(40), "push", "alert").deviceId(7).ttlSeconds(86_400)
        .alert("Новый адрес", "Вам открыт доступ").data(new JsonObject().put("action", "newAddress").put("badge", "0"))
        .ref("newAddress:3").topic(null).json();
    assertThat(alert.fieldNames()).containsExactlyInAnyOrder("provider", "token", "tokenKind", "pushType", "deviceId", "ttlSeconds",
        "title", "body", "data", "ref");
    PushRequest parsed = PushRequest.parseAll(PushSend.request(new JsonArray().add(alert))).get(0);
    assertThat(parsed.priority()).isEqualTo(10);
    assertThat(parsed.sandbox()).isFalse();
    assertThat(parsed.title()).isEqualTo("Новый адрес");
  }
}
