package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.apnsVoip;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.fcmCall;
import static org.portier.push.PushTestKit.insertQueued;
import static org.portier.push.PushTestKit.row;
import static org.portier.push.PushTestKit.send;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.store.Store;
import org.portier.testing.FakeApns;
import org.portier.testing.FakeFcm;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

/** A restart resumes what the outbox holds unfinished, and expires what outlived its TTL. */
@ExtendWith(VertxExtension.class)
class ResumeTest {
  private FakeApns apns;
  private FakeFcm fcm;
  private TestNode first;
  private TestNode second;

  @AfterEach
  void stop() {
    if (first != null) await(first.stop());
    if (second != null) await(second.stop());
    if (apns != null) apns.close();
    if (fcm != null) await(fcm.close());
  }

  @Test
  void unfinishedRowsAreSentByTheNextNodeAndExpiredOnesAreNot(Vertx vertx) {
    // First run: APNs points at a port where nothing listens, so its push keeps retrying; FCM is not configured.
    first = TestNode.inTempDir();
    FakeApns.configure(first, TestNode.freePort());
    // a short backoff: the resumed row waits for its next_attempt_at
    first.set("push.retryBase", "2s").set("push.retryMax", "2s");
    PushOutcomes outcomes = PushOutcomes.listen(vertx);
    await(first.start(vertx));
    List<String> ids = send(vertx, apnsVoip("rs01"), fcmCall("rs02"));
    JsonObject retrying = outcomes.await(ids.get(0), "retrying");
    assertThat(retrying.getString("lastError")).contains("APNs transport");
    outcomes.await(ids.get(1), "no_provider");
    // Rows a crash left behind: one queued, one queued whose TTL has passed.
    long now = Store.now();
    insertQueued(first, 880001, "rs03", now, now + 60_000);
    insertQueued(first, 880002, "rs04", now - 120_000, now - 60_000);
    await(first.stop());
    java.nio.file.Path dir = first.dir;
    first = null;

    apns = FakeApns.start();
    fcm = await(FakeFcm.start(vertx));
    second = new TestNode(dir);
    FakeApns.configure(second, apns);
    FakeFcm.configure(second, fcm);
    await(second.start(vertx));

    JsonObject resumed = outcomes.await(ids.get(0), "accepted");
    assertThat(resumed.getInteger("attempts")).isGreaterThanOrEqualTo(2);
    outcomes.await(ids.get(1), "accepted");
    outcomes.await("880001", "accepted");
    assertThat(outcomes.await("880002", "expired").getString("lastError")).contains("ttl");
    assertThat(row(second, "880002").getString("state")).isEqualTo("expired");
    assertThat(apns.receivedFor("rs01")).hasSize(1);
    assertThat(apns.receivedFor("rs03")).hasSize(1);
    assertThat(apns.receivedFor("rs04")).isEmpty();
    assertThat(fcm.receivedFor("rs02")).hasSize(1);
  }

}
