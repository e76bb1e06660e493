package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mxproxy.MxAuthTest.expect;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

class MxPushTokenTest extends MxTestBase {
  static final String APN = "7C179108B7BF759DED2D9CBED7969DE6623D34E200E46387E7D713917E0F3EB8";
  static final String TOPIC = "com.connector73.vialer.voip";

  @Override
  protected void configure(TestNode node) {
    node.set("mxproxy.fcmApps", new JsonArray().add("vialer"));
  }

  private JsonArray rows() throws Exception {
    return await(org.portier.mxproxy.PushTokens.all(node.portier().store().pool()));
  }

  @Test
  void registerMoveAndDelete() throws Exception {
    String a = login("alice@x");
    String b = login("bob@x");
    var put = bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN, a);
    assertThat(put.statusCode()).isEqualTo(204);
    assertThat(put.getHeader("Server")).isEqualTo("Portier");
    assertThat(bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN, a).statusCode()).isEqualTo(204); // idempotent
    assertThat(bearer(HttpMethod.PUT, "/tokens/fcm/vialer/fcm-token_0123456789:abcdef-XYZ", a).statusCode()).isEqualTo(204);
    assertThat(bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN.toLowerCase() + "?sandbox=1", a).statusCode()).isEqualTo(204);
    assertThat(rows()).hasSize(3);
    JsonObject sandbox = rows().stream().map(o -> (JsonObject) o).filter(o -> o.getString("token").equals(APN.toLowerCase())).findFirst().orElseThrow();
    assertThat(sandbox.getBoolean("sandbox")).isTrue();

    // the same device token registered by bob moves to bob
    assertThat(bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN, b).statusCode()).isEqualTo(204);
    JsonObject moved = rows().stream().map(o -> (JsonObject) o).filter(o -> o.getString("token").equals(APN)).findFirst().orElseThrow();
    assertThat(moved.getString("login")).isEqualTo("bob@x");
    assertThat(rows()).hasSize(3);

    // alice no longer owns it: her delete is 404; bob's is 204, then 404
    expect(bearer(HttpMethod.DELETE, "/tokens/apn/" + TOPIC + "/" + APN, a), 404, "not found");
    assertThat(bearer(HttpMethod.DELETE, "/tokens/apn/" + TOPIC + "/" + APN, b).statusCode()).isEqualTo(204);
    expect(bearer(HttpMethod.DELETE, "/tokens/apn/" + TOPIC + "/" + APN, b), 404, "not found");

    // logout removes the user's tokens
    assertThat(rows()).hasSize(2);
    assertThat(bearer(HttpMethod.DELETE, "/auth/logout", a).statusCode()).isEqualTo(200);
    assertThat(rows()).isEmpty();
  }

  @Test
  void concurrentRegistrationsOfOneTokenLeaveOneOwner() throws Exception {
    String a = login("alice@x");
    String b = login("bob@x");
    java.util.List<io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> puts = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      puts.add(http(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN).bearerTokenAuthentication(i % 2 == 0 ? a : b).send());
    }
    await(io.vertx.core.Future.all(puts));
    for (var f : puts) assertThat(f.result().statusCode()).isEqualTo(204);
    assertThat(rows()).hasSize(1);
    assertThat(rows().getJsonObject(0).getString("login")).isIn("alice@x", "bob@x");
  }

  @Test
  void badTokenRequests() throws Exception {
    String a = login("alice@x");
    expect(bearer(HttpMethod.PUT, "/tokens/gcm/" + TOPIC + "/" + APN, a), 404, "unsupported push type \"gcm\"");
    expect(bearer(HttpMethod.PUT, "/tokens/fcm/unknown-app/" + APN, a), 404, "unsupported FCM application ID");
    expect(bearer(HttpMethod.PUT, "/tokens/apn/bad%20topic/" + APN, a), 404, "unsupported APNS topic ID or sandbox flag");
    expect(bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/short", a), 400, "bad push token");
    expect(bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + "A".repeat(2000), a), 400, "bad push token");
    expect(bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN + "%ff%fe", a), 400, "bad push token");
    expect(bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN + "%3Cscript%3E", a), 400, "bad push token");
    var odd = bearer(HttpMethod.PUT, "/tokens/%ff/" + TOPIC + "/" + APN, a);
    assertThat(odd.statusCode()).isIn(400, 404);
    assertThat(odd.bodyAsJsonObject().getString("error")).isNotBlank();
    var huge = bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + "A".repeat(6000), a);
    assertThat(huge.statusCode()).isIn(400, 414);
    var noAuth = bearer(HttpMethod.PUT, "/tokens/apn/" + TOPIC + "/" + APN, null);
    expect(noAuth, 401, "unauthorized");
    assertThat(noAuth.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"MXProxy\"");
    var get = bearer(HttpMethod.GET, "/tokens/apn/" + TOPIC + "/" + APN, a);
    expect(get, 405, "method not allowed");
    assertThat(get.getHeader("Allow")).isEqualTo("PUT, DELETE");
    assertThat(rows()).isEmpty();
  }
}
