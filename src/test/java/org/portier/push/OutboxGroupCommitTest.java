package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.apnsVoip;
import static org.portier.push.PushTestKit.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.testing.FakeApns;
import org.portier.testing.TestNode;

/**
 * Many push.send requests at once share outbox transactions (group commit): each is still answered
 * with its own ids, only after its rows are in the outbox, and each push is sent once.
 */
@ExtendWith(VertxExtension.class)
class OutboxGroupCommitTest {
  private FakeApns apns;
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx) {
    apns = FakeApns.start();
    node = TestNode.inTempDir();
    FakeApns.configure(node, apns);
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
    apns.close();
  }

  @Test
  void concurrentRequestsAreEachAnsweredAfterTheirRowsAreWritten(Vertx vertx) {
    int requests = 120;
    List<Future<List<String>>> replies = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      // one or two pushes per request, each token once
      JsonArray pushes = new JsonArray().add(apnsVoip(String.format("a%05d", i)));
      if (i % 3 == 0) pushes.add(apnsVoip(String.format("b%05d", i)));
      replies.add(vertx.eventBus().<JsonObject>request(Addresses.PUSH_SEND, new JsonObject().put("pushes", pushes)).compose(m -> {
        List<String> ids = new ArrayList<>();
        m.body().getJsonArray("ids").forEach(x -> ids.add((String) x));
        // "persisted" means the rows are there when the reply arrives
        List<Future<Integer>> rows = new ArrayList<>();
        for (String id : ids) {
          rows.add(node.portier().store().pool().preparedQuery("SELECT COUNT(*) FROM push_outbox WHERE id = ?")
              .execute(Tuple.of(Long.parseLong(id))).map(rs -> rs.iterator().next().getInteger(0)));
        }
        return Future.all(rows).map(x -> {
          rows.forEach(f -> assertThat(f.result()).as("outbox row at reply time").isOne());
          return ids;
        });
      }));
    }
    Set<String> all = new HashSet<>();
    int expected = 0;
    for (int i = 0; i < requests; i++) {
      List<String> ids = await(replies.get(i));
      assertThat(ids).hasSize(i % 3 == 0 ? 2 : 1);
      all.addAll(ids);
      expected += ids.size();
    }
    assertThat(all).hasSize(expected);
    assertThat(PushTestKit.outboxCount(node)).isEqualTo(expected);
    apns.await(expected);
    try {
      Thread.sleep(300); // no push goes twice
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(apns.count()).isEqualTo(expected);
    assertThat(apns.received().stream().map(FakeApns.Notification::token).distinct().count()).isEqualTo(expected);
  }
}
