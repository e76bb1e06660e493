package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

class MxAdminTest extends MxTestBase {
  private HttpResponse<Buffer> admin(HttpMethod m, String path) throws Exception {
    return await(node.admin(m, path).send());
  }

  @Test
  void adminEndpointsShowNoSecrets() throws Exception {
    String a = login("alice@x");
    login("bob@x");
    assertThat(bearer(HttpMethod.PUT, "/tokens/apn/com.example.app/" + MxPushTokenTest.APN, a).statusCode()).isEqualTo(204);

    var apps = admin(HttpMethod.GET, "/apps");
    assertThat(apps.statusCode()).isEqualTo(200);
    assertThat(apps.bodyAsJsonObject().getJsonArray("apps").getList()).containsExactly("client1", "client2");
    assertThat(apps.bodyAsString()).doesNotContain(SECRET);

    var conns = admin(HttpMethod.GET, "/connections").bodyAsJsonObject().getJsonArray("connections");
    assertThat(conns).hasSize(2);
    JsonObject c = conns.stream().map(o -> (JsonObject) o).filter(o -> o.getString("login").equals("alice@x")).findFirst().orElseThrow();
    assertThat(c.getString("state")).isEqualTo("READY");
    assertThat(c.getLong("since")).isPositive();

    var users = admin(HttpMethod.GET, "/users");
    assertThat(users.statusCode()).isEqualTo(200);
    JsonObject alice = users.bodyAsJsonObject().getJsonObject("users").getJsonObject("alice@x");
    assertThat(alice.getString("host")).isEqualTo("10.0.0.1:7778");
    assertThat(alice.getString("mxLogin")).isEqualTo("mx-alice");
    assertThat(users.bodyAsString()).doesNotContain("mx-secret").doesNotContainIgnoringCase("password").doesNotContain("soft-");

    var tokens = admin(HttpMethod.GET, "/tokens").bodyAsJsonObject().getJsonArray("tokens");
    assertThat(tokens).hasSize(1);
    assertThat(tokens.getJsonObject(0).getString("login")).isEqualTo("alice@x");
    assertThat(tokens.getJsonObject(0).getString("type")).isEqualTo("apn");

    var removed = await(node.admin(HttpMethod.POST, "/users").sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("login", "alice@x")));
    assertThat(removed.statusCode()).isEqualTo(200);
    assertThat(removed.bodyAsJsonObject()).isEqualTo(new JsonObject().put("userLogout", "alice@x"));
    assertThat(admin(HttpMethod.GET, "/tokens").bodyAsJsonObject().getJsonArray("tokens")).isEmpty();
    assertThat(bearer(HttpMethod.GET, "/auth", a).statusCode()).isEqualTo(401);
    var again = await(node.admin(HttpMethod.POST, "/users").sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("login", "alice@x")));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("not found");

    var noLogin = await(node.admin(HttpMethod.POST, "/users").sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap()));
    assertThat(noLogin.statusCode()).isEqualTo(400);
    var json = await(node.admin(HttpMethod.POST, "/users").sendJsonObject(new JsonObject().put("login", "bob@x")));
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.bodyAsJsonObject().getString("error")).isEqualTo("unsupported content type");
  }

  @Test
  void adminEndpointsNeedTheAdminToken() throws Exception {
    for (String path : new String[] {"/apps", "/connections", "/tokens", "/users"}) {
      var none = await(node.client().request(HttpMethod.GET, node.adminPort, "127.0.0.1", path).send());
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      var wrong = await(node.client().request(HttpMethod.GET, node.adminPort, "127.0.0.1", path).bearerTokenAuthentication("wrong").send());
      assertThat(wrong.statusCode()).as(path).isEqualTo(403);
    }
    var post = await(node.client().request(HttpMethod.POST, node.adminPort, "127.0.0.1", "/users")
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("login", "x")));
    assertThat(post.statusCode()).isEqualTo(401);
  }

  @Test
  void actorDownIs503() throws Exception {
    mx.absent = true;
    var r = admin(HttpMethod.GET, "/connections");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("mx service unavailable");
    assertThat(admin(HttpMethod.GET, "/users").statusCode()).isEqualTo(503);
  }
}
