package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.apnsVoip;
import static org.portier.push.PushTestKit.await;
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

/** push.maxInFlight = 1: pushes wait their turn in the lane, and a token found dead stops those still waiting. */
@ExtendWith(VertxExtension.class)
class ApnsFlowControlTest {
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
    node.set("push.maxInFlight", 1);
    outcomes = PushOutcomes.listen(vertx);
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
    apns.close();
  }

  @Test
  void pushesWaitingForADeadTokenAreNotSent() {
    apns.always("gone01", FakeApns.Reply.unregistered());
    List<String> ids = send(vertx, apnsVoip("gone01"), apnsVoip("gone01"), apnsVoip("gone01"), apnsVoip("alive02"));
    assertThat(outcomes.await(ids.get(0), "rejected").getString("lastError")).isEqualTo("Unregistered");
    JsonObject waiting = outcomes.await(ids.get(1), "rejected");
    assertThat(waiting.getString("lastError")).isEqualTo("token dead");
    assertThat(waiting.getInteger("attempts")).isZero();
    outcomes.await(ids.get(2), "rejected");
    outcomes.await(ids.get(3), "accepted");
    assertThat(apns.receivedFor("gone01")).hasSize(1);
  }

  @Test
  void oneAtATimeStillDeliversEverythingInOrder() {
    JsonObject[] pushes = new JsonObject[50];
    for (int i = 0; i < pushes.length; i++) pushes[i] = apnsVoip(String.format("q%03d", i));
    List<String> ids = send(vertx, pushes);
    for (String id : ids) outcomes.await(id, "accepted");
    assertThat(apns.received()).extracting(FakeApns.Notification::token)
        .containsExactly(java.util.stream.IntStream.range(0, 50).mapToObj(i -> String.format("q%03d", i)).toArray(String[]::new));
  }
}
