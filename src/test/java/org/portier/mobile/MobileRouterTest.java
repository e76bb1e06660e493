package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.portier.http.Faces;

/** Transport conventions of the face (contract §2.1): verbs, CORS, the doubled slash and no-auth methods. */
class MobileRouterTest extends MobileTestBase {
  private HttpResponse<Buffer> call(HttpMethod m, String path) throws Exception {
    return await(node.http(m, path).putHeader("Origin", "https://app.example").send());
  }

  @Test
  void optionsIsAPermissivePreflight() throws Exception {
    HttpResponse<Buffer> r = call(HttpMethod.OPTIONS, "/mobile/user/requestCode");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(r.getHeader("Access-Control-Allow-Methods")).contains("POST");
    assertThat(r.getHeader("Access-Control-Allow-Headers")).contains("Authorization").contains("X-System-Info");
    assertThat(call(HttpMethod.OPTIONS, "/mobile/anything/at/all").statusCode()).isEqualTo(204);
  }

  @Test
  void otherVerbsAre404Envelopes() throws Exception {
    for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH}) {
      HttpResponse<Buffer> r = call(m, "/mobile/user/ping");
      assertEnvelope(r, 404, "API methods are called with POST");
      assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    }
    // snapshot links of no live call (both URL shapes the apps build) are a 404 envelope, no auth asked
    assertEnvelope(call(HttpMethod.GET, "/mobile/call/camshot/0123456789abcdef"), 404, "звонка");
    assertEnvelope(call(HttpMethod.GET, "/mobile//call/live/0123456789abcdef"), 404, "звонка");
  }

  @Test
  void phonePatternNeedsNoAuthAndTheDoubledSlashWorks() throws Exception {
    HttpResponse<Buffer> r = post("user/phonePattern", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("data")).isEqualTo("7 (###) ###-##-##");
    assertThat(r.bodyAsJsonObject().getInteger("code")).isEqualTo(200);
    HttpResponse<Buffer> doubled = await(node.http(HttpMethod.POST, "/mobile//user/phonePattern").send());
    assertThat(doubled.statusCode()).isEqualTo(200);
    assertThat(doubled.bodyAsJsonObject().getString("data")).isEqualTo("7 (###) ###-##-##");
    // and the integration face is untouched by the mobile face's fallbacks
    assertThat(await(node.integration(HttpMethod.GET, "/houses").send()).statusCode()).isEqualTo(200);
  }

  @Test
  void publicGetRoutesNeedNoAuthAndAnswerTheDoubledSlashToo() throws Exception {
    var p = node.portier();
    Faces faces = new Faces(vertx, p.store().pool(), p.store().ids(), p::config, p.secrets(), node.client());
    Router root = Router.router(vertx);
    // what org.portier.doorcall.SnapshotRoutes will do at the marked place
    MobileRoutes.mount(root, faces, (r, f) -> r.get("/call/camshot/:hash")
        .handler(ctx -> ctx.response().putHeader("content-type", "image/jpeg").end("jpeg:" + ctx.pathParam("hash"))));
    HttpServer server = await(vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1"));
    try {
      for (String path : new String[] {"/mobile/call/camshot/abc123", "/mobile//call/camshot/abc123"}) {
        HttpResponse<Buffer> r = await(node.client().get(server.actualPort(), "127.0.0.1", path).send());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("jpeg:abc123");
      }
      HttpResponse<Buffer> post = await(node.client().post(server.actualPort(), "127.0.0.1", "/mobile/call/camshot/abc123").send());
      assertEnvelope(post, 405, "not supported");
    } finally {
      await(server.close());
    }
  }
}
