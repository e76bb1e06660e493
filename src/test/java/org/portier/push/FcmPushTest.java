package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.device;
import static org.portier.push.PushTestKit.fcmCall;
import static org.portier.push.PushTestKit.insertDevice;
import static org.portier.push.PushTestKit.row;
import static org.portier.push.PushTestKit.send;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.FakeFcm;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

@ExtendWith(VertxExtension.class)
class FcmPushTest {
  private FakeFcm fcm;
  private TestNode node;
  private PushOutcomes outcomes;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    fcm = await(FakeFcm.start(vertx));
    node = TestNode.inTempDir();
    FakeFcm.configure(node, fcm);
    node.set("push.retryBase", "50ms").set("push.retryMax", "200ms").set("push.maxAttempts", 4);
    outcomes = PushOutcomes.listen(vertx);
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
    await(fcm.close());
  }

  @Test
  void callPushIsDataOnlyHighPriorityWithTheTtl() {
    String id = send(vertx, fcmCall("tok01")).get(0);
    FakeFcm.Request r = fcm.await(1);
    assertThat(r.project()).isEqualTo(FakeFcm.PROJECT);
    assertThat(r.headers().get("authorization")).isEqualTo("Bearer portier-test");
    assertThat(r.token()).isEqualTo("tok01");
    assertThat(r.message().containsKey("notification")).isFalse();
    assertThat(r.android().getString("priority")).isEqualTo("high");
    String ttl = r.android().getString("ttl");
    assertThat(ttl).endsWith("s");
    assertThat(Double.parseDouble(ttl.substring(0, ttl.length() - 1))).isBetween(175.0, 180.0);
    assertThat(r.data().getString("extension")).isEqualTo("2000002225");
    r.data().forEach(e -> assertThat(e.getValue()).as(e.getKey()).isInstanceOf(String.class));

    JsonObject accepted = outcomes.await(id, "accepted");
    assertThat(accepted.getString("providerId")).startsWith("projects/" + FakeFcm.PROJECT + "/messages/");
    assertThat(row(node, id).getString("provider_id")).isEqualTo(accepted.getString("providerId"));
  }

  /**
   * An iPhone without a VoIP token gets its door call over FCM: iOS shows nothing for a data-only
   * message in the background, so the call carries a visible notification with the caller id and
   * aps.mutable-content 1 for the app's notification extension. Android stays data-only.
   */
  @Test
  void iosCallOverFcmIsAVisibleMutableNotificationAndAndroidStaysDataOnly() {
    JsonObject ios = fcmCall("tok-ios");
    ios.getJsonObject("data").put("platform", "ios").put("callerId", "Подъезд 1");
    JsonObject android = fcmCall("tok-android");
    android.getJsonObject("data").put("platform", "android").put("callerId", "Подъезд 1");
    send(vertx, ios, android);
    fcm.await(2);
    FakeFcm.Request iosRequest = fcm.received().stream().filter(r -> r.token().equals("tok-ios")).findFirst().orElseThrow();
    FakeFcm.Request androidRequest = fcm.received().stream().filter(r -> r.token().equals("tok-android")).findFirst().orElseThrow();

    JsonObject notification = iosRequest.message().getJsonObject("notification");
    assertThat(notification).isNotNull();
    assertThat(notification.getString("body")).isEqualTo("Подъезд 1");
    assertThat(notification.getString("title")).isNotBlank();
    JsonObject apns = iosRequest.message().getJsonObject("apns");
    assertThat(apns).isNotNull();
    JsonObject aps = apns.getJsonObject("payload").getJsonObject("aps");
    assertThat(aps.getInteger("mutable-content")).isEqualTo(1);
    assertThat(aps.getString("sound")).isEqualTo("default");
    assertThat(apns.getJsonObject("headers").getString("apns-push-type")).isEqualTo("alert");
    assertThat(iosRequest.data().getString("extension")).isEqualTo("2000002225");

    assertThat(androidRequest.message().containsKey("notification")).isFalse();
    assertThat(androidRequest.message().containsKey("apns")).isFalse();
    assertThat(androidRequest.android().getString("priority")).isEqualTo("high");
  }

  @Test
  void alertPushAddsANotification() {
    JsonObject alert = new JsonObject().put("provider", "fcm").put("token", "tok02").put("tokenKind", "push").put("pushType", "alert")
        .put("priority", 5).put("ttlSeconds", 3600).put("title", "Сообщение").put("body", "Текст")
        .put("data", new JsonObject().put("messageId", "m2").put("action", "inbox"));
    String id = send(vertx, alert).get(0);
    FakeFcm.Request r = fcm.await(1);
    assertThat(r.message().getJsonObject("notification")).isEqualTo(new JsonObject().put("title", "Сообщение").put("body", "Текст"));
    assertThat(r.android().getString("priority")).isEqualTo("normal");
    assertThat(r.data().getString("action")).isEqualTo("inbox");
    outcomes.await(id, "accepted");
  }

  @Test
  void unregisteredIsRejectedAndThePushTokenMarkedDead() {
    long d = insertDevice(node, 910001, null, "gone01");
    fcm.always("gone01", FakeFcm.Reply.unregistered());
    String id = send(vertx, fcmCall("gone01").put("deviceId", "910001")).get(0);
    JsonObject rejected = outcomes.await(id, "rejected");
    assertThat(rejected.getString("lastError")).isEqualTo("UNREGISTERED");
    assertThat(rejected.getString("deviceId")).isEqualTo("910001");
    assertThat(device(node, d).getBoolean("pushDead")).isTrue();
    assertThat(fcm.receivedFor("gone01")).hasSize(1);
  }

  @Test
  void invalidArgumentIsRejectedButTheTokenIsNotDead() {
    long d = insertDevice(node, 910002, null, "odd02");
    fcm.always("odd02", FakeFcm.Reply.invalidArgument());
    String id = send(vertx, fcmCall("odd02")).get(0);
    assertThat(outcomes.await(id, "rejected").getString("lastError")).isEqualTo("INVALID_ARGUMENT");
    assertThat(device(node, d).getBoolean("pushDead")).isFalse();
    assertThat(fcm.receivedFor("odd02")).hasSize(1);
  }

  @Test
  void unavailableTwiceIsRetriedByPortierNotByFirebaseAdmin() {
    fcm.unavailableThenOk("busy03", 2);
    String id = send(vertx, fcmCall("busy03")).get(0);
    List<JsonObject> retrying = List.of(outcomes.await(id, "retrying"));
    assertThat(retrying.get(0).getString("lastError")).isEqualTo("UNAVAILABLE");
    JsonObject accepted = outcomes.await(id, "accepted");
    assertThat(accepted.getInteger("attempts")).isEqualTo(3);
    assertThat(row(node, id).getInteger("attempts")).isEqualTo(3);
    // exactly one HTTP request per Portier attempt: firebase-admin's own 503 retries are off
    assertThat(fcm.receivedFor("busy03")).extracting(FakeFcm.Request::status).containsExactly(503, 503, 200);
  }
}
