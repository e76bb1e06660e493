package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.apnsVoip;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.device;
import static org.portier.push.PushTestKit.insertDevice;
import static org.portier.push.PushTestKit.insertQueued;
import static org.portier.push.PushTestKit.row;
import static org.portier.push.PushTestKit.send;

import com.eatthepath.pushy.apns.server.RejectionReason;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.store.Store;
import org.portier.testing.FakeApns;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

@ExtendWith(VertxExtension.class)
class ApnsPushTest {
  private FakeApns apns;
  private TestNode node;
  private PushOutcomes outcomes;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    apns = FakeApns.start();
    node = TestNode.inTempDir();
    FakeApns.configure(node, apns);
    node.set("push.retryBase", "50ms").set("push.retryMax", "200ms").set("push.maxAttempts", 3);
    outcomes = PushOutcomes.listen(vertx);
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
    apns.close();
  }

  @Test
  void voipPushReachesApnsWithCallHeadersAndStringData() {
    long before = System.currentTimeMillis() / 1000;
    String id = send(vertx, apnsVoip("aa01")).get(0);
    FakeApns.Notification n = apns.await(1);
    assertThat(n.token()).isEqualTo("aa01");
    assertThat(n.pushType()).isEqualTo("voip");
    assertThat(n.topic()).isEqualTo("org.portier.test.voip");
    assertThat(n.priority()).isEqualTo(10);
    assertThat(n.expiration()).isBetween(before + 179, System.currentTimeMillis() / 1000 + 181);
    assertThat(n.payload().fieldNames()).containsExactly("data");
    JsonObject data = n.payload().getJsonObject("data");
    assertThat(data.getString("extension")).isEqualTo("2000002224");
    assertThat(data.getString("callerId")).isEqualTo("Домофон");
    data.forEach(e -> assertThat(e.getValue()).as(e.getKey()).isInstanceOf(String.class));

    JsonObject event = outcomes.await(id, "accepted");
    assertThat(event.getString("ref")).isEqualTo("call:test");
    JsonObject row = row(node, id);
    assertThat(row.getString("state")).isEqualTo("accepted");
    assertThat(row.getInteger("attempts")).isEqualTo(1);
    assertThat(row.getString("provider_id")).isNotBlank();
  }

  @Test
  void alertPushCarriesApsAndData() {
    JsonObject alert = new JsonObject().put("provider", "apns").put("token", "aa02").put("tokenKind", "push").put("topic", FakeApns.BUNDLE)
        .put("pushType", "alert").put("priority", 5).put("ttlSeconds", 60).put("title", "Новое сообщение").put("body", "Привет")
        .put("data", new JsonObject().put("messageId", "m1").put("action", "inbox").put("badge", "1"));
    String id = send(vertx, alert).get(0);
    FakeApns.Notification n = apns.await(1);
    assertThat(n.pushType()).isEqualTo("alert");
    assertThat(n.topic()).isEqualTo(FakeApns.BUNDLE);
    assertThat(n.priority()).isEqualTo(5);
    JsonObject aps = n.payload().getJsonObject("aps");
    assertThat(aps.getJsonObject("alert").getString("title")).isEqualTo("Новое сообщение");
    assertThat(aps.getJsonObject("alert").getString("body")).isEqualTo("Привет");
    assertThat(n.payload().getJsonObject("data").getString("messageId")).isEqualTo("m1");
    assertThat(n.payload().getString("action")).isEqualTo("inbox");
    outcomes.await(id, "accepted");
  }

  @Test
  void unregisteredAndBadTokensAreRejectedAndMarkedDead() {
    long d1 = insertDevice(node, 900001, "dead01", null);
    long d2 = insertDevice(node, 900002, "bad02", null);
    long d3 = insertDevice(node, 900003, "live03", null);
    apns.always("dead01", FakeApns.Reply.unregistered());
    apns.always("bad02", FakeApns.Reply.reject(RejectionReason.BAD_DEVICE_TOKEN));
    // a row for the dead token that another node holds (this one never loaded it)
    long now = Store.now();
    insertQueued(node, 890001, "dead01", now - 1000, now + 60_000);
    List<String> ids = send(vertx, apnsVoip("dead01"), apnsVoip("bad02"), apnsVoip("live03"));

    // "rejected" is announced once the device flags are committed too
    assertThat(outcomes.await(ids.get(0), "rejected").getString("lastError")).isEqualTo("Unregistered");
    assertThat(outcomes.await(ids.get(1), "rejected").getString("lastError")).isEqualTo("BadDeviceToken");
    outcomes.await(ids.get(2), "accepted");
    assertThat(row(node, ids.get(0)).getInteger("attempts")).isEqualTo(1);
    assertThat(apns.receivedFor("dead01")).hasSize(1);
    assertThat(device(node, d1).getBoolean("voipDead")).isTrue();
    assertThat(device(node, d2).getBoolean("voipDead")).isTrue();
    assertThat(device(node, d3).getBoolean("voipDead")).isFalse();
    JsonObject other = row(node, "890001");
    assertThat(other.getString("state")).isEqualTo("rejected");
    assertThat(other.getString("last_error")).isEqualTo("Unregistered");
  }


  @Test
  void otherClientErrorsAreRejectedWithoutRetryAndTokenStaysAlive() {
    long d = insertDevice(node, 900004, "topic04", null);
    apns.always("topic04", FakeApns.Reply.reject(RejectionReason.BAD_TOPIC));
    String id = send(vertx, apnsVoip("topic04")).get(0);
    assertThat(outcomes.await(id, "rejected").getString("lastError")).isEqualTo("BadTopic");
    assertThat(apns.receivedFor("topic04")).hasSize(1);
    assertThat(device(node, d).getBoolean("voipDead")).isFalse();
  }

  @Test
  void unavailableTwiceThenAcceptedIsRetriedByPortier() {
    apns.failThenAccept("flaky05", 2, RejectionReason.SERVICE_UNAVAILABLE);
    String id = send(vertx, apnsVoip("flaky05")).get(0);
    outcomes.await(id, "retrying");
    JsonObject accepted = outcomes.await(id, "accepted");
    assertThat(accepted.getInteger("attempts")).isEqualTo(3);
    assertThat(row(node, id).getInteger("attempts")).isEqualTo(3);
    assertThat(apns.receivedFor("flaky05")).extracting(FakeApns.Notification::reply)
        .containsExactly("reject SERVICE_UNAVAILABLE", "reject SERVICE_UNAVAILABLE", "accept");
  }

  @Test
  void givesUpAfterMaxAttempts() {
    apns.always("down06", FakeApns.Reply.reject(RejectionReason.INTERNAL_SERVER_ERROR));
    String id = send(vertx, apnsVoip("down06")).get(0);
    JsonObject failed = outcomes.await(id, "failed");
    assertThat(failed.getInteger("attempts")).isEqualTo(3);
    assertThat(failed.getString("lastError")).contains("InternalServerError");
    assertThat(apns.receivedFor("down06")).hasSize(3);
  }

  @Test
  void sandboxPushesUseTheDevelopmentClient() {
    String id = send(vertx, apnsVoip("sand07").put("sandbox", true)).get(0);
    outcomes.await(id, "accepted");
    assertThat(row(node, id).getBoolean("sandbox")).isTrue();
  }

  @Test
  void aBurstOfTwoThousandIsAllAccepted() {
    JsonObject[] pushes = new JsonObject[2000];
    for (int i = 0; i < pushes.length; i++) pushes[i] = apnsVoip(String.format("b%05d", i));
    List<String> ids = send(vertx, pushes);
    assertThat(ids).hasSize(2000).doesNotHaveDuplicates();
    outcomes.await(ids.get(ids.size() - 1), "accepted");
    for (String id : ids) outcomes.await(id, "accepted");
    assertThat(apns.count()).isEqualTo(2000);
    long accepted = await(node.portier().store().pool().query("SELECT COUNT(*) FROM push_outbox WHERE state = 'accepted'").execute())
        .iterator().next().getLong(0);
    assertThat(accepted).isEqualTo(2000);
  }
}
