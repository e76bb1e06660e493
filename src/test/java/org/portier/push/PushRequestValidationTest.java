package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.apnsVoip;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.fcmCall;
import static org.portier.push.PushTestKit.outboxCount;
import static org.portier.push.PushTestKit.refused;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/** A bad push.send is refused with 400 and a message naming the field; nothing is written. */
@ExtendWith(VertxExtension.class)
class PushRequestValidationTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx) {
    node = TestNode.inTempDir();
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
  }

  private static JsonObject body(JsonObject... pushes) {
    return new JsonObject().put("pushes", new JsonArray(java.util.List.of((Object[]) pushes)));
  }

  @Test
  void badRequestsAreRefusedAndNothingIsWritten(Vertx vertx) {
    Object[][] cases = {
        {body(apnsVoip("t").copy().put("token", null)), "pushes[0].token is required"},
        {body(apnsVoip("t").put("token", "")), "pushes[0].token must not be empty"},
        {body(apnsVoip("t").put("token", "ab cd")), "token must not contain spaces"},
        {body(apnsVoip("t").put("provider", "hms")), "pushes[0].provider must be one of apns, fcm"},
        {body(apnsVoip("t").put("tokenKind", "sms")), "tokenKind must be one of voip, push"},
        {body(apnsVoip("t").put("pushType", "silent")), "pushType must be one of voip, alert"},
        {body(apnsVoip("t").put("data", new JsonObject().put("port", 5060))), "data.port must be a string"},
        {body(apnsVoip("t").put("data", new JsonArray())), "data must be an object"},
        {body(apnsVoip("t").put("topic", null)), "topic is required"},
        {body(apnsVoip("t").put("topic", "org.portier.test")), "topic of an APNs VoIP push must be the bundle id followed by .voip"},
        {body(apnsVoip("t").put("ttlSeconds", 0)), "ttlSeconds must be between 1 and"},
        {body(apnsVoip("t").put("ttlSeconds", 1.5)), "ttlSeconds must be a whole number"},
        {body(apnsVoip("t").put("priority", 11)), "priority must be between 1 and 10"},
        {body(apnsVoip("t").put("sandbox", "yes")), "sandbox must be true or false"},
        {body(apnsVoip("t").put("deviceId", "abc")), "deviceId must be a device id"},
        {body(apnsVoip("t").put("title", "x")), "title and body are for alert pushes only"},
        {body(apnsVoip("t").put("colour", "red")), "colour: unknown field"},
        {body(fcmCall("t").put("data", new JsonObject().put("google.x", "1"))), "data.google.x: reserved by FCM"},
        {body(apnsVoip("t").put("data", new JsonObject().put("aps", "{}"))), "data.aps: reserved by APNs"},
        {body(apnsVoip("t").put("data", new JsonObject().put("big", "x".repeat(5000)))), "exceed 4096 bytes"},
        {body(), "pushes must not be empty"},
        {new JsonObject(), "pushes must be an array"},
        {new JsonObject().put("pushes", new JsonArray().add("x")), "pushes[0] must be an object"},
        {"not json", "body must be a JSON object"},
        // one bad push spoils the whole request: nothing of it is written
        {body(apnsVoip("ok1"), fcmCall("ok2"), fcmCall("bad").put("data", new JsonObject().put("n", 1))), "pushes[2].data.n must be a string"},
    };
    for (Object[] c : cases) {
      ReplyException e = refused(vertx, c[0]);
      assertThat(e.failureCode()).as(String.valueOf(c[1])).isEqualTo(400);
      assertThat(e.getMessage()).as(String.valueOf(c[0])).contains((String) c[1]);
    }
    assertThat(outboxCount(node)).isZero();
  }

  @Test
  void defaultsFillTheOptionalFields(Vertx vertx) {
    JsonObject minimal = new JsonObject().put("provider", "fcm").put("token", "tok").put("tokenKind", "push").put("pushType", "voip");
    String id = PushTestKit.send(vertx, minimal).get(0);
    JsonObject row = PushTestKit.row(node, id);
    assertThat(row.getInteger("priority")).isEqualTo(10);
    assertThat(row.getLong("expires_at") - row.getLong("created_at")).isEqualTo(180_000L);
    assertThat(row.getBoolean("sandbox")).isFalse();
    // sealed at rest with the node's key
    assertThat(row.getString("payload")).startsWith(Outbox.SEALED);
    assertThat(Outbox.open(node.portier().secrets(), row.getString("payload"))).isEqualTo(new JsonObject().put("data", new JsonObject()));
    assertThat(row.getValue("device_id")).isNull();
  }
}
