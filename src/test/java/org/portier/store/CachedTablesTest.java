package org.portier.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/**
 * The embedded store keeps its rows on disk (CACHED tables), not in the heap: a new store is made
 * so, and a store made before (MEMORY tables) is turned CACHED at its next start, rows kept.
 */
@ExtendWith(VertxExtension.class)
class CachedTablesTest {
  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static List<String> memoryTables(TestNode node) throws Exception {
    List<String> out = new ArrayList<>();
    for (Row r : get(node.portier().store().pool().query("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.SYSTEM_TABLES"
        + " WHERE TABLE_SCHEM = 'PUBLIC' AND TABLE_TYPE = 'TABLE' AND HSQLDB_TYPE = 'MEMORY'").execute())) {
      out.add(r.getString(0));
    }
    return out;
  }

  @Test
  void tablesAreCachedAndOldMemoryTablesAreConverted(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    get(node.start(vertx));
    assertThat(memoryTables(node)).isEmpty();
    String house = get(node.create("/houses", new io.vertx.core.json.JsonObject().put("address", "Cached st. 1"))).getString("id");

    // as a store made before this change: tables in the heap
    get(node.portier().store().pool().query("SET TABLE PUBLIC.HOUSES TYPE MEMORY").execute());
    get(node.portier().store().pool().query("SET TABLE PUBLIC.PUSH_OUTBOX TYPE MEMORY").execute());
    assertThat(memoryTables(node)).containsExactlyInAnyOrder("HOUSES", "PUSH_OUTBOX");
    get(node.stop());

    get(node.start(vertx));
    assertThat(memoryTables(node)).isEmpty();
    var r = get(node.integration(io.vertx.core.http.HttpMethod.GET, "/houses/" + house).send());
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("address")).isEqualTo("Cached st. 1");
    get(node.stop());
  }
}
