package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** GET /debug/log: off unless mxproxy.debugLog; then the logName file for the apps' developers, behind the app's Basic credentials. */
class MxDebugLogTest extends MxTestBase {

  private HttpResponse<Buffer> get(String client, String secret) throws Exception {
    var req = http(HttpMethod.GET, "/debug/log");
    if (client != null) req.basicAuthentication(client, secret);
    return await(req.send());
  }

  private void reloadWith(String logName) throws Exception {
    node.set("logName", logName).set("mxproxy.debugLog", true).writeConfig();
    assertThat(await(node.admin(HttpMethod.POST, "/admin/reload").send()).statusCode()).isEqualTo(200);
  }

  @Test
  void offByDefaultEvenWithALogFileAndTheAppsCredentials() throws Exception {
    Path log = node.dir.resolve("portier.log");
    Files.writeString(log, "12:00:00 INFO mx login of alice@example.com\n");
    node.set("logName", log.toString()).writeConfig();
    assertThat(await(node.admin(HttpMethod.POST, "/admin/reload").send()).statusCode()).isEqualTo(200);
    for (HttpResponse<Buffer> r : java.util.List.of(get(CLIENT, SECRET), get(null, null), get(CLIENT, "not-the-secret"),
        await(http(HttpMethod.POST, "/debug/log").basicAuthentication(CLIENT, SECRET).send()))) {
      assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(404);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("not found");
      assertThat(r.bodyAsString()).doesNotContain("alice");
    }
  }

  @Test
  void servesTheLogFileToKnownAppsOnly() throws Exception {
    // on, but no logName configured: nothing to serve
    reloadWith("");
    assertThat(get(CLIENT, SECRET).statusCode()).isEqualTo(404);

    Path log = node.dir.resolve("portier.log");
    Files.writeString(log, "12:00:00 INFO mx login of alice@example.com\nсекретов здесь нет\n");
    reloadWith(log.toString());
    HttpResponse<Buffer> ok = get(CLIENT, SECRET);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(ok.bodyAsString()).contains("mx login of alice@example.com").contains("секретов здесь нет");

    HttpResponse<Buffer> none = get(null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).contains("MXProxy client application");
    assertThat(none.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    HttpResponse<Buffer> wrong = get(CLIENT, "not-the-secret");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("bad client-id or app secret");
    assertThat(await(http(HttpMethod.POST, "/debug/log").basicAuthentication(CLIENT, SECRET).send()).statusCode()).isEqualTo(405);

    // a logName that is not a file
    reloadWith(node.dir.resolve("missing.log").toString());
    HttpResponse<Buffer> missing = get(CLIENT, SECRET);
    assertThat(missing.statusCode()).as(TestNode.status(missing)).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("not found");
  }
}
