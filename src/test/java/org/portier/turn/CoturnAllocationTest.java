package org.portier.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.security.Secrets;
import org.portier.testing.PushStandIn;
import org.portier.testing.TestNode;

/**
 * Credentials Portier mints allocate on a real coturn with use-auth-secret; ones signed with
 * another secret, or already expired, are refused.
 */
@ExtendWith(VertxExtension.class)
class CoturnAllocationTest {
  private static final String SECRET = "coturn-test-secret-0123456789";
  private static Coturn coturn;

  @BeforeAll
  static void startCoturn() throws Exception {
    coturn = Coturn.start("portier", SECRET);
  }

  @AfterAll
  static void stopCoturn() throws Exception {
    if (coturn != null) coturn.close();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void mintedCredentialsAllocate() throws Exception {
    TurnCredentials c = TurnCredentials.mint(SECRET, "2000000123", now() + 600);
    Coturn.Allocation a = coturn.allocate(c.username(), c.password());
    assertThat(a.allocated()).as(a.output() + "\n" + coturn.logTail()).isTrue();
  }

  @Test
  void aWrongSecretIsRefused() throws Exception {
    TurnCredentials c = TurnCredentials.mint("another-secret-0123456789abc", "2000000123", now() + 600);
    Coturn.Allocation a = coturn.allocate(c.username(), c.password());
    assertThat(a.exitCode()).as(a.output()).isNotZero();
    assertThat(a.output()).contains("Cannot complete Allocation");
  }

  @Test
  void anExpiredUsernameIsRefused() throws Exception {
    TurnCredentials c = TurnCredentials.mint(SECRET, "2000000123", now() - 5);
    Coturn.Allocation a = coturn.allocate(c.username(), c.password());
    assertThat(a.exitCode()).as(a.output()).isNotZero();
    assertThat(a.output()).contains("Cannot complete Allocation");
  }

  @Test
  void theTurnCredentialsOfARealDoorCallPushAllocate(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    node.set("turn.uri", "turn:127.0.0.1:" + coturn.port).set("turn.secret", SECRET).set("turn.transport", "udp");
    await(node.start(vertx));
    try {
      List<JsonObject> pushes = new ArrayList<>();
      PushStandIn standIn = PushStandIn.install(vertx, body -> {
        JsonArray ids = new JsonArray();
        body.getJsonArray("pushes").forEach(p -> {
          pushes.add((JsonObject) p);
          ids.add(Integer.toString(ids.size() + 1));
        });
        return Future.succeededFuture(new JsonObject().put("ids", ids));
      });
      String h = await(node.create("/houses", new JsonObject().put("address", "Turn 1"))).getString("id");
      String flat = await(node.create("/houses/" + h + "/flats", new JsonObject().put("number", "1"))).getString("id");
      String sub = await(node.create("/flats/" + flat + "/subscribers", new JsonObject().put("phone", "79006660001"))).getString("id");
      long dev = await(node.portier().store().ids().next("devices"));
      await(node.portier().store().pool().preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform,"
          + " push_service, push_token, last_seen, created_at) VALUES (?, ?, ?, 'fp', 'android', 'fcm', 'fcm-token-turn-01', 0, 0)")
          .execute(Tuple.of(dev, Long.parseLong(sub), Secrets.randomHex(32))));
      HttpResponse<Buffer> r = await(node.integration(HttpMethod.POST, "/door-calls").sendJsonObject(new JsonObject().put("flatId", flat)));
      assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
      JsonObject data = pushes.get(0).getJsonObject("data");
      assertThat(data.getString("turn")).isEqualTo("turn:127.0.0.1:" + coturn.port);
      Coturn.Allocation a = coturn.allocate(data.getString("turnUsername"), data.getString("turnPassword"));
      assertThat(a.allocated()).as(a.output() + "\n" + coturn.logTail()).isTrue();
      standIn.close();
    } finally {
      await(node.stop());
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
