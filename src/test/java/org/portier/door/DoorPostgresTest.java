package org.portier.door;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.LocalPostgres;
import org.portier.testing.TestNode;

/** The door SQL on a real PostgreSQL server: open action with nulls in a PATCH, openDoor, the journal, flat blocks. */
@ExtendWith(VertxExtension.class)
class DoorPostgresTest {

  @Test
  void openingAndItsJournalRunOnPostgres(Vertx vertx) throws Exception {
    try (LocalPostgres pg = LocalPostgres.start()) {
      TestNode node = TestNode.inTempDir();
      node.set("store.url", pg.jdbcUrl()).set("store.user", "postgres").set("store.password", "");
      DoorFixture fx = new DoorFixture(node).start(vertx);
      try {
        String house = fx.house("Мира 5");
        String door = fx.door(house, new JsonObject().put("panelId", 100053).put("doorId", 0).put("name", "Подъезд")
            .put("openUrl", fx.panel.url() + "/open?flat={flatNumber}").put("openMethod", "POST").put("openBody", "{\"d\": {doorId}}")
            .put("openHeaders", new JsonObject().put("Authorization", "Basic eA=="))).getString("id");
        String flat = fx.flat(house, "11");
        fx.subscriber(flat, DoorFixture.PHONES.get(0));
        String token = fx.login(DoorFixture.PHONES.get(0));

        assertThat(fx.openDoor(token, "100053", 0).statusCode()).isEqualTo(204);
        assertThat(fx.panel.next().body()).isEqualTo("{\"d\": 0}");
        HttpResponse<Buffer> patched = fx.integration(HttpMethod.PATCH, "/houses/" + house + "/doors/" + door,
            new JsonObject().putNull("openBody").putNull("openHeaders").put("openMethod", "GET").putNull("snapshotUrl").put("openTimeout", "1s"));
        assertThat(patched.statusCode()).as(TestNode.status(patched)).isEqualTo(200);
        assertThat(fx.openDoor(token, 100053, 0).statusCode()).isEqualTo(204);
        assertThat(fx.panel.next().method()).isEqualTo("GET");

        HttpResponse<Buffer> blocked = fx.integration(HttpMethod.PATCH, "/flats/" + flat, new JsonObject().put("blocked", "Неоплата"));
        assertThat(blocked.statusCode()).as(TestNode.status(blocked)).isEqualTo(200);
        DoorFixture.assertEnvelope(fx.openDoor(token, 100053, 0), 404, "Неоплата");
        assertThat(fx.integration(HttpMethod.PATCH, "/flats/" + flat, new JsonObject().putNull("blocked")).statusCode()).isEqualTo(200);

        JsonArray journal = fx.integration(HttpMethod.GET, "/houses/" + house + "/openings?limit=10", null).bodyAsJsonArray();
        assertThat(journal).hasSize(3);
        assertThat(journal.getJsonObject(0).getString("result")).isEqualTo("refused");
        assertThat(journal.getJsonObject(1).getString("result")).isEqualTo("ok");
        assertThat(journal.getJsonObject(2).getString("result")).isEqualTo("ok");
      } finally {
        DoorFixture.await(fx.stop());
      }
    }
  }
}
