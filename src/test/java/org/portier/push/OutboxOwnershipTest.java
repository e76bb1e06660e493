package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.apnsVoip;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.insertQueued;
import static org.portier.push.PushTestKit.row;
import static org.portier.push.PushTestKit.send;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.store.Store;
import org.portier.testing.FakeApns;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

/** Nodes sharing one database: a row belongs to its node while the lease holds, then to whoever takes it. */
@ExtendWith(VertxExtension.class)
class OutboxOwnershipTest {
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
    node.set("push.lease", "1s");
    outcomes = PushOutcomes.listen(vertx);
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
    apns.close();
  }

  @Test
  void rowsOfALiveNodeAreLeftAloneAndThoseOfAStoppedNodeAreTakenOver() throws Exception {
    long now = Store.now();
    insertQueued(node, 870001, "own01", now, now + 120_000, "a1a1a1a1a1a1a1a1", now + 60_000);
    insertQueued(node, 870002, "own02", now, now + 120_000, "b2b2b2b2b2b2b2b2", now - 1);
    // The lease upkeep that took over the expired row looked at the live one too, and left it.
    outcomes.await("870002", "accepted");
    assertThat(row(node, "870001").getString("owner")).isEqualTo("a1a1a1a1a1a1a1a1");
    assertThat(apns.receivedFor("own01")).isEmpty();
    String me = Files.readString(node.dir.resolve("push-node.id")).trim();
    assertThat(row(node, "870002").getString("owner")).isEqualTo(me);

    // Its node stops renewing: the lease runs out and this node takes the row.
    await(node.portier().store().pool().preparedQuery("UPDATE push_outbox SET lease_until = 0 WHERE id = ?").execute(Tuple.of(870001L)));
    outcomes.await("870001", "accepted");
    assertThat(apns.receivedFor("own01")).hasSize(1);
  }

  @Test
  void aCleanStopReleasesTheRowsItHeld() throws Exception {
    apns.always("slow03", FakeApns.Reply.reject(com.eatthepath.pushy.apns.server.RejectionReason.SERVICE_UNAVAILABLE));
    String id = send(vertx, apnsVoip("slow03")).get(0);
    outcomes.await(id, "retrying");
    assertThat(row(node, id).getLong("lease_until")).isGreaterThan(Store.now());
    await(node.stop());
    // The node is gone; the database file stays. Another node may now take the row without waiting.
    try (Connection c = DriverManager.getConnection(node.conf.getJsonObject("store").getString("url"), "SA", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT state, lease_until FROM push_outbox WHERE id = " + Long.parseLong(id))) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("retrying");
      assertThat(rs.getLong(2)).isZero();
      c.createStatement().execute("SHUTDOWN");
    }
  }
}
