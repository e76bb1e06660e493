package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.portier.testing.LocalPostgres;
import org.portier.testing.TestNode;

/** The MX face's SQL (keys, token moves, logout) on a real PostgreSQL server. */
class MxPostgresTest extends MxTestBase {
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
  protected void configure(TestNode node) {
    node.set("store.url", pg.jdbcUrl()).set("store.user", "postgres").set("store.password", "");
  }

  @Test
  void authTokensAndRestartOnPostgres() throws Exception {
    String a = login("alice@x");
    String b = login("bob@x");
    String path = "/tokens/apn/com.example.app/" + MxPushTokenTest.APN;
    assertThat(bearer(HttpMethod.PUT, path, a).statusCode()).isEqualTo(204);
    assertThat(bearer(HttpMethod.PUT, path + "?sandbox", b).statusCode()).isEqualTo(204);
    var tokens = await(node.admin(HttpMethod.GET, "/tokens").send()).bodyAsJsonObject().getJsonArray("tokens");
    assertThat(tokens).hasSize(1);
    assertThat(tokens.getJsonObject(0).getString("login")).isEqualTo("bob@x");
    assertThat(tokens.getJsonObject(0).getBoolean("sandbox")).isTrue();

    TestNode restarted = new TestNode(node.dir);
    restarted.set("apps", node.conf.getJsonObject("apps")).set("provisioning", provisioning.url());
    configure(restarted);
    await(node.stop());
    node = restarted;
    await(node.start(vertx));
    assertThat(bearer(HttpMethod.GET, "/auth", a).statusCode()).isEqualTo(200);
    assertThat(bearer(HttpMethod.DELETE, "/auth", b).statusCode()).isEqualTo(200);
    assertThat(await(node.admin(HttpMethod.GET, "/tokens").send()).bodyAsJsonObject().getJsonArray("tokens")).isEmpty();
  }
}
