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
import org.portier.bus.Addresses;
import org.portier.testing.FakeApns;
import org.portier.testing.FakeFcm;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

/** Without credentials pushes wait in the outbox as no_provider; a reload that brings them sends them. */
@ExtendWith(VertxExtension.class)
class NoProviderTest {
  private FakeApns apns;
  private FakeFcm fcm;
  private TestNode node;
  private PushOutcomes outcomes;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    apns = FakeApns.start();
    fcm = await(FakeFcm.start(vertx));
    node = TestNode.inTempDir();
    outcomes = PushOutcomes.listen(vertx);
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
    apns.close();
    await(fcm.close());
  }

  @Test
  void waitsForCredentialsThenSendsAfterReload() {
    List<String> ids = send(vertx, apnsVoip("np01"), fcmCall("np02"));
    assertThat(outcomes.await(ids.get(0), "no_provider").getInteger("attempts")).isZero();
    outcomes.await(ids.get(1), "no_provider");
    assertThat(row(node, ids.get(0)).getString("state")).isEqualTo("no_provider");
    assertThat(apns.count()).isZero();
    assertThat(fcm.count()).isZero();

    FakeApns.configure(node, apns);
    FakeFcm.configure(node, fcm);
    node.writeConfig();
    JsonObject reload = await(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_RELOAD, new JsonObject())).body();
    assertThat(reload.containsKey("version")).as(reload.encode()).isTrue();

    outcomes.await(ids.get(0), "accepted");
    outcomes.await(ids.get(1), "accepted");
    assertThat(apns.await(1).token()).isEqualTo("np01");
    assertThat(fcm.await(1).token()).isEqualTo("np02");
    // a push sent after the reload goes straight out
    String later = send(vertx, apnsVoip("np03")).get(0);
    outcomes.await(later, "accepted");
    assertThat(outcomes.eventsFor(later)).extracting(e -> e.getString("state")).containsExactly("accepted");
  }

  @Test
  void changedCredentialsRebuildTheClient() {
    FakeApns.configure(node, apns);
    node.writeConfig();
    long v1 = await(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_RELOAD, new JsonObject())).body().getLong("version");
    JsonObject status = await(vertx.eventBus().<JsonObject>request(PushVerticle.STATUS, new JsonObject())).body();
    assertThat(status.getLong("configVersion")).isGreaterThanOrEqualTo(v1);
    assertThat(status.getJsonObject("apns").getBoolean("configured")).isTrue();
    assertThat(status.getJsonObject("fcm").getBoolean("configured")).isFalse();
    outcomes.await(send(vertx, apnsVoip("old01")).get(0), "accepted");
    assertThat(apns.receivedFor("old01")).hasSize(1);

    // APNs moves: the next push goes to the new server
    FakeApns moved = FakeApns.start();
    try {
      FakeApns.configure(node, moved);
      node.writeConfig();
      long v2 = await(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_RELOAD, new JsonObject())).body().getLong("version");
      assertThat(await(vertx.eventBus().<JsonObject>request(PushVerticle.STATUS, new JsonObject())).body().getLong("configVersion"))
          .isGreaterThanOrEqualTo(v2);
      outcomes.await(send(vertx, apnsVoip("new02")).get(0), "accepted");
      assertThat(moved.receivedFor("new02")).hasSize(1);
      assertThat(apns.receivedFor("new02")).isEmpty();
    } finally {
      moved.close();
    }
  }
}
