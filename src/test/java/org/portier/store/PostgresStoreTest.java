package org.portier.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.LocalPostgres;
import org.portier.testing.TestNode;

/** The same migrations and operator API on a real PostgreSQL server. */
@ExtendWith(VertxExtension.class)
class PostgresStoreTest {

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void migrationsAndOperatorApiRunOnPostgres(Vertx vertx) throws Exception {
    try (LocalPostgres pg = LocalPostgres.start()) {
      TestNode node = TestNode.inTempDir();
      node.set("store.url", pg.jdbcUrl()).set("store.user", "postgres").set("store.password", "");
      get(node.start(vertx));
      try {
        String h = get(node.create("/houses", new JsonObject().put("address", "Мира 5"))).getString("id");
        get(node.create("/houses/" + h + "/doors", new JsonObject().put("panelId", 100053).put("doorId", 0).put("name", "Подъезд")));
        String f = get(node.create("/houses/" + h + "/flats", new JsonObject().put("number", "11"))).getString("id");
        get(node.create("/flats/" + f + "/subscribers", new JsonObject().put("phone", "79001234567").put("role", "owner")));
        var dup = get(node.integration(HttpMethod.POST, "/houses/" + h + "/flats").sendJsonObject(new JsonObject().put("number", "11")));
        assertThat(dup.statusCode()).as(TestNode.status(dup)).isEqualTo(409);
        assertThat(get(node.integration(HttpMethod.GET, "/houses").send()).bodyAsJsonArray().getJsonObject(0).getString("address")).isEqualTo("Мира 5");
        assertThat(get(node.integration(HttpMethod.DELETE, "/houses/" + h).send()).statusCode()).isEqualTo(204);
        assertThat(get(node.integration(HttpMethod.GET, "/flats/" + f).send()).statusCode()).isEqualTo(404);
        var health = get(node.admin(HttpMethod.GET, "/health").send());
        assertThat(health.bodyAsJsonObject().getString("store")).isEqualTo("ok");
      } finally {
        get(node.stop());
      }
    }
  }
}
