package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portier.testing.LocalPostgres;
import org.portier.testing.TestNode;

/** The inbox SQL on a real PostgreSQL server: messages, badges under concurrency, a broadcast, reads. */
class InboxPostgresTest extends InboxTestBase {
  private static LocalPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = LocalPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  @Override
  protected void configure(TestNode n) {
    super.configure(n);
    n.set("store.url", pg.jdbcUrl()).set("store.user", "postgres").set("store.password", "").set("inbox.batchSize", 7);
  }

  @Test
  void messagesBadgesBroadcastsAndReadsOnPostgres() throws Exception {
    String token = androidResident();
    List<Future<Long>> sends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sends.add(node.integration(HttpMethod.POST, "/messages").sendJsonObject(text("phone", ANDROID_PHONE, "m" + i))
          .map(r -> r.bodyAsJsonObject().getLong("badge")));
    }
    get(Future.all(sends));
    assertThat(sends.stream().map(Future::result).toList()).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());

    for (int i = 0; i < 30; i++) get(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", String.format("7911000%04d", i))));
    JsonObject b = sendOk(text("flatId", flatId, "Всем").put("action", "ext").put("ext", "e1"));
    assertThat(b.getInteger("recipients")).isEqualTo(32);
    JsonObject done = until(() -> broadcast(b.getString("broadcastId")), s -> "done".equals(s.getString("state")), "broadcast done");
    assertThat(done.getInteger("stored")).isEqualTo(32);
    assertThat(count("SELECT COUNT(*) FROM inbox_messages WHERE broadcast_id = ?", Long.parseLong(b.getString("broadcastId")))).isEqualTo(32);
    JsonObject broadcastPush = fcmFor(ANDROID_FCM_TOKEN, 21).stream().map(r -> r.data()).filter(d -> "ext".equals(d.getString("action")))
        .findFirst().orElseThrow();
    assertThat(broadcastPush.getString("badge")).isEqualTo("21");
    assertThat(broadcastPush.getString("ext")).isEqualTo("e1");

    String first = broadcastPush.getString("messageId");
    assertThat(mobile("inbox/delivered", token, new JsonObject().put("messageId", first)).statusCode()).isEqualTo(204);
    assertThat(mobile("inbox/readed", token, new JsonObject().put("messageId", first)).statusCode()).isEqualTo(204);
    JsonObject m = message(first);
    assertThat(Instant.parse(m.getString("deliveredAt"))).isAfter(Instant.EPOCH);
    assertThat(Instant.parse(m.getString("readAt"))).isAfter(Instant.EPOCH);
    assertThat(mobile("inbox/unreaded", token, null).bodyAsJsonObject().getJsonObject("data").getInteger("count")).isEqualTo(20);
    assertThat(mobile("inbox/delivered", token, new JsonObject()).statusCode()).as("no messageId: all delivered").isEqualTo(204);
    assertThat(count("SELECT COUNT(*) FROM inbox_messages WHERE delivered_at IS NULL")).as("the other 31 subscribers' copies").isEqualTo(31);
    assertThat(mobile("inbox/inbox", token, null).bodyAsJsonObject().getJsonObject("data").getString("code")).contains("Всем");
    assertThat(mobile("inbox/unreaded", token, null).bodyAsJsonObject().getJsonObject("data").getInteger("count")).isZero();
  }
}
