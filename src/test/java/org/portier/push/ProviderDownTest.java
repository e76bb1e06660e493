package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.apnsVoip;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.fcmCall;
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
import org.portier.testing.FakeApns;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

/** Providers that cannot be reached: transport errors are retried, then given up on or expired. */
@ExtendWith(VertxExtension.class)
class ProviderDownTest {
  private TestNode node;
  private PushOutcomes outcomes;
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    outcomes = PushOutcomes.listen(vertx);
  }

  /** A node whose APNs and FCM endpoints are ports where nothing listens. */
  private void startNode(String retryBase, String retryMax) {
    node = TestNode.inTempDir();
    FakeApns.configure(node, TestNode.freePort());
    node.set("push.fcm.projectId", "portier-test").set("push.fcm.endpoint", "http://127.0.0.1:" + TestNode.freePort());
    node.set("push.retryBase", retryBase).set("push.retryMax", retryMax).set("push.maxAttempts", 2);
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    if (node != null) await(node.stop());
  }

  @Test
  void transportErrorsAreRetriedThenGivenUp() {
    startNode("10ms", "20ms");
    List<String> ids = send(vertx, apnsVoip("down01"), fcmCall("down02"));
    for (String id : ids) {
      assertThat(outcomes.await(id, "retrying").getString("lastError")).contains("transport");
      JsonObject failed = outcomes.await(id, "failed");
      assertThat(failed.getInteger("attempts")).isEqualTo(2);
      assertThat(failed.getString("lastError")).startsWith("gave up after 2 attempts");
      assertThat(row(node, id).getString("state")).isEqualTo("failed");
    }
  }

  @Test
  void aRetryThatWouldOutliveTheTtlExpiresInstead() {
    // A backoff longer than the push's one-second life: its first retry would come after it expired.
    startNode("5s", "5s");
    String id = send(vertx, apnsVoip("short03").put("ttlSeconds", 1)).get(0);
    JsonObject expired = outcomes.await(id, "expired");
    assertThat(expired.getInteger("attempts")).isEqualTo(1);
    assertThat(expired.getString("lastError")).contains("transport");
    assertThat(outcomes.eventsFor(id)).extracting(e -> e.getString("state")).containsExactly("expired");
  }
}
