package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

class MxAuthTest extends MxTestBase {
  @Test
  void passwordGrantIssuesATokenThatWorksOnGetAuth() throws Exception {
    HttpResponse<Buffer> r = auth(CLIENT, SECRET, "username=dmitrys%40xyzrd.com&password=pw&grant_type=password");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Server")).isEqualTo("Portier");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(3600L);
    String token = body.getString("access_token");
    JsonObject header = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0])));
    assertThat(header.getString("alg")).isEqualTo("ES256");
    assertThat(header.getString("typ")).isEqualTo("JWT");
    assertThat(header.getString("kid")).isNotBlank();
    JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    assertThat(claims.getString("sub")).isEqualTo("dmitrys@xyzrd.com");
    assertThat(claims.fieldNames()).contains("exp", "iat", "iss", "jti", "sub");

    // the actor was asked with the provisioning's MX account
    JsonObject connect = mx.connects.get("dmitrys@xyzrd.com");
    assertThat(connect.getString("host")).isEqualTo("10.0.0.1");
    assertThat(connect.getInteger("port")).isEqualTo(7778);
    assertThat(connect.getString("mxLogin")).isEqualTo("mx-dmitrys");
    assertThat(connect.getString("mxPassword")).isEqualTo("mx-secret");

    HttpResponse<Buffer> info = bearer(HttpMethod.GET, "/auth", token);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.bodyAsJsonObject()).isEqualTo(new JsonObject().put("mx", "63022").put("ext", "3095")
        .put("jid", "43884851147406145").put("softPhonePwd", "soft-dmitrys@xyzrd.com"));

    // a multipart form works as well (MX Proxy's binder took both)
    var multipart = await(http(HttpMethod.POST, "/auth").basicAuthentication(CLIENT, SECRET).sendMultipartForm(
        io.vertx.ext.web.multipart.MultipartForm.create().attribute("grant_type", "password").attribute("username", "multi@x").attribute("password", "pw")));
    assertThat(multipart.statusCode()).as(multipart.bodyAsString()).isEqualTo(200);

    // csta_port as a JSON number is accepted
    login("numport@x");
    assertThat(mx.connects.get("numport@x").getInteger("port")).isEqualTo(7779);
  }

  @Test
  void everyAuthErrorHasItsStatusAndMessage() throws Exception {
    HttpResponse<Buffer> r = auth(null, null, "grant_type=password&username=a&password=pw");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"MXProxy client application\"");
    assertThat(error(r).getString("error")).isEqualTo("unauthorized");

    String ok = "grant_type=password&username=ok@x&password=pw";
    expect(auth(CLIENT, "wrong", ok), 403, "bad client-id or app secret");
    expect(auth("nobody", SECRET, ok), 403, "bad client-id or app secret");
    expect(auth("client2", SECRET, ok), 403, "bad client-id or app secret");
    expect(auth(CLIENT, SECRET, "grant_type=client_credentials&username=ok@x&password=pw"), 403, "bad grant_type");
    expect(auth(CLIENT, SECRET, "username=ok@x&password=pw"), 403, "bad grant_type");
    expect(auth(CLIENT, SECRET, "grant_type=password&password=pw"), 400, "username is required");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=ok@x"), 400, "password is required");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=%zz&password=pw"), 400, "malformed request body");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=%ff%fe&password=pw"), 400, "the form body is not valid UTF-8");

    // provisioning outcomes
    expect(auth(CLIENT, SECRET, "grant_type=password&username=ok@x&password=nope"), 401, "Unauthorized");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=e500@x&password=pw"), 500, "Internal Server Error");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=badjson@x&password=pw"), 502, "bad provisioning response: not JSON");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=nomx@x&password=pw"), 502, "bad provisioning response: no MX section");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=empty@x&password=pw"), 403, "mx provisioning is not configured");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=nossl@x&password=pw"), 403, "unprotected connection to mx server is not supported");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=slow@x&password=pw"), 504, "provisioning server timeout");

    // the MX actor's answers
    expect(auth(CLIENT, SECRET, "grant_type=password&username=mxdenied@x&password=pw"), 403, "Login failed: wrong password");
    expect(auth(CLIENT, SECRET, "grant_type=password&username=mxslow@x&password=pw"), 504, "mx response timeout");
    mx.absent = true;
    expect(auth(CLIENT, SECRET, ok), 503, "mx service unavailable");
  }

  @Test
  void badRequestShapesAreClientErrors() throws Exception {
    var noType = await(http(HttpMethod.POST, "/auth").basicAuthentication(CLIENT, SECRET).sendBuffer(Buffer.buffer("grant_type=password")));
    expect(noType, 400, "empty content type");
    var json = await(http(HttpMethod.POST, "/auth").basicAuthentication(CLIENT, SECRET)
        .sendJsonObject(new JsonObject().put("grant_type", "password").put("username", "ok@x").put("password", "pw")));
    expect(json, 400, "unsupported content type");
    var latin1 = await(http(HttpMethod.POST, "/auth").basicAuthentication(CLIENT, SECRET)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=iso-8859-1").sendBuffer(Buffer.buffer("grant_type=password")));
    expect(latin1, 400, "unsupported charset");
    var huge = await(http(HttpMethod.POST, "/auth").basicAuthentication(CLIENT, SECRET)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("a=" + "x".repeat(70_000))));
    expect(huge, 413, "the request body is too large");
    var badBasic = await(http(HttpMethod.POST, "/auth").putHeader("Authorization", "Basic !!!notbase64")
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("grant_type=password")));
    assertThat(badBasic.statusCode()).isEqualTo(401);
    var put = await(http(HttpMethod.PUT, "/auth").send());
    expect(put, 405, "method not allowed");
    assertThat(put.getHeader("Allow")).isEqualTo("GET, POST, DELETE");
    // other paths keep the server's 404; the other faces are untouched
    assertThat(await(http(HttpMethod.GET, "/nothing-here").send()).statusCode()).isEqualTo(404);
    assertThat(await(http(HttpMethod.GET, "/integration/v1/houses").send()).statusCode()).isEqualTo(401);
  }

  @Test
  void connectionStateDecidesBetween200And503And401() throws Exception {
    String token = login("ok@x");
    mx.state("ok@x", "RECONNECTING");
    HttpResponse<Buffer> r = bearer(HttpMethod.GET, "/auth", token);
    expect(r, 503, "mx connection is being established, retry later");
    assertThat(r.getHeader("Retry-After")).isEqualTo("5");
    mx.state("ok@x", "CLOSED");
    expect(bearer(HttpMethod.GET, "/auth", token), 401, "active mx connection unavailable");
    mx.users.remove("ok@x");
    expect(bearer(HttpMethod.GET, "/auth", token), 401, "active mx connection unavailable");

    HttpResponse<Buffer> none = bearer(HttpMethod.GET, "/auth", null);
    expect(none, 401, "unauthorized");
    assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"MXProxy\"");
    expect(bearer(HttpMethod.GET, "/auth", "not.a.jwt"), 401, "invalid token: invalid token");
  }

  @Test
  void logoutOnBothPaths() throws Exception {
    String a = login("ok@x");
    HttpResponse<Buffer> r = bearer(HttpMethod.DELETE, "/auth", a);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("userLogout", "ok@x"));
    assertThat(mx.users).doesNotContainKey("ok@x");
    expect(bearer(HttpMethod.DELETE, "/auth", a), 404, "not found");

    String b = login("ok2@x");
    assertThat(bearer(HttpMethod.DELETE, "/auth/logout", b).bodyAsJsonObject().getString("userLogout")).isEqualTo("ok2@x");
    expect(bearer(HttpMethod.GET, "/auth", b), 401, "active mx connection unavailable");

    // MX Proxy's logout errors are 403
    expect(bearer(HttpMethod.DELETE, "/auth/logout", null), 403, "bearer authorization token required");
    expect(bearer(HttpMethod.DELETE, "/auth", "x.y.z"), 403, "invalid token: invalid token");
    expect(await(http(HttpMethod.GET, "/auth/logout").send()), 405, "method not allowed");
  }

  @Test
  void authIsRateLimitedPerIp() throws Exception {
    node.portier(); // limit set below through a reload would be slower; the default 30/1m is reached quickly
    int limited = 0;
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < 32; i++) {
      last = auth(CLIENT, "wrong", "grant_type=password&username=ok@x&password=pw");
      if (last.statusCode() == 429) limited++;
    }
    assertThat(limited).isEqualTo(2);
    assertThat(last.getHeader("Retry-After")).isNotNull();
    assertThat(error(last).getString("error")).isEqualTo("too many authorization requests");
  }

  static void expect(HttpResponse<Buffer> r, int status, String message) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.getHeader("Server")).isEqualTo("Portier");
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(message);
  }
}
