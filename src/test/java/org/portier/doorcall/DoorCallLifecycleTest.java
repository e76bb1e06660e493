package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.security.Secrets;
import org.portier.testing.TestNode;

/** A call's life: status with push outcomes, credential fetch, DELETE, TTL expiry, restart. */
@ExtendWith(VertxExtension.class)
class DoorCallLifecycleTest {
  private DoorCallFixture fx;
  private String flatId;
  private String ios;
  private String android;

  private void start(Vertx vertx, TestNode node) throws Exception {
    fx = new DoorCallFixture(vertx, node).start();
    String h = fx.house("Mira 5");
    fx.door(h, 200001, 0, null);
    flatId = fx.flat(h, "7");
    String a = fx.subscriber(flatId, "79002220001");
    ios = fx.device(a, "ios", null, null, "ios-voip-token-0000000001");
    android = fx.device(a, "android", "fcm", "android-fcm-token-000001", null);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (fx != null) DoorCallFixture.await(fx.stop());
  }

  private JsonObject call() throws Exception {
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("panelId", 200001).put("flatNumber", "7"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /** extension -> password, from the pushes of the last request. */
  private Map<String, String> passwords() {
    Map<String, String> out = new HashMap<>();
    fx.pushRequests.get(fx.pushRequests.size() - 1).getJsonArray("pushes").forEach(p -> {
      JsonObject d = ((JsonObject) p).getJsonObject("data");
      out.put(d.getString("extension"), d.getString("pass"));
    });
    return out;
  }

  @Test
  void statusShowsLegsPushOutcomesAndFetchesThenDeleteRevokes(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    start(vertx, node);
    fx.outboxStates.put(android, "rejected");
    JsonObject call = call();
    String id = call.getString("callId");
    Map<String, String> creds = passwords();
    assertThat(creds).hasSize(2);

    JsonObject status = fx.integration(HttpMethod.GET, "/door-calls/" + id).bodyAsJsonObject();
    assertThat(status.getString("callId")).isEqualTo(id);
    assertThat(status.getString("state")).isEqualTo("pushed");
    assertThat(status.getString("flatId")).isEqualTo(flatId);
    assertThat(Instant.parse(status.getString("createdAt"))).isBefore(Instant.parse(status.getString("expiresAt")));
    JsonArray legs = status.getJsonArray("legs");
    assertThat(legs).hasSize(2);
    for (Object o : legs) {
      JsonObject leg = (JsonObject) o;
      assertThat(leg.getBoolean("credentialsFetched")).isFalse();
      assertThat(leg.getString("state")).isEqualTo("live");
      assertThat(creds).containsKey(leg.getString("extension"));
      JsonObject push = leg.getJsonObject("push");
      if (leg.getString("deviceId").equals(android)) {
        assertThat(push.getString("state")).isEqualTo("rejected");
        assertThat(push.getString("reason")).isEqualTo("BadDeviceToken");
        assertThat(push.getInteger("attempts")).isEqualTo(1);
      } else {
        assertThat(leg.getString("deviceId")).isEqualTo(ios);
        assertThat(leg.getString("platform")).isEqualTo("ios");
        assertThat(push.getString("state")).isEqualTo("accepted");
        assertThat(push.containsKey("reason")).isFalse();
      }
    }

    // the SIP server fetches one leg's credentials
    String ext = legs.getJsonObject(0).getString("extension");
    HttpResponse<Buffer> sip = fx.sip(HttpMethod.GET, "/v1/credentials/" + ext);
    assertThat(sip.statusCode()).as(TestNode.status(sip)).isEqualTo(200);
    JsonObject c = sip.bodyAsJsonObject();
    assertThat(c.getString("extension")).isEqualTo(ext);
    assertThat(c.getString("password")).isEqualTo(creds.get(ext));
    assertThat(c.getString("realm")).isEqualTo("portier");
    assertThat(c.getString("ha1")).isEqualTo(Secrets.md5Hex(ext + ":portier:" + creds.get(ext)));
    assertThat(c.getString("expiresAt")).isEqualTo(call.getString("expiresAt"));

    status = fx.integration(HttpMethod.GET, "/door-calls/" + id).bodyAsJsonObject();
    assertThat(status.getString("state")).isEqualTo("registered");
    for (Object o : status.getJsonArray("legs")) {
      JsonObject leg = (JsonObject) o;
      assertThat(leg.getBoolean("credentialsFetched")).as(leg.encode()).isEqualTo(leg.getString("extension").equals(ext));
    }

    assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + id).statusCode()).isEqualTo(204);
    for (String e : creds.keySet()) {
      HttpResponse<Buffer> gone = fx.sip(HttpMethod.GET, "/v1/credentials/" + e);
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(gone.bodyAsJsonObject().getString("error")).contains("no live credentials");
    }
    status = fx.integration(HttpMethod.GET, "/door-calls/" + id).bodyAsJsonObject();
    assertThat(status.getString("state")).isEqualTo("ended");
    assertThat(status.containsKey("endedAt")).isTrue();
    status.getJsonArray("legs").forEach(o -> assertThat(((JsonObject) o).getString("state")).isEqualTo("revoked"));
    // ending again is harmless; an unknown call is 404
    assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + id).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> unknown = fx.integration(HttpMethod.DELETE, "/door-calls/00000000-0000-4000-8000-000000000000");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("message")).contains("no door call");
  }

  @Test
  void credentialsDieWithTheTtl(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    node.set("doorcall.ttl", "2s");
    start(vertx, node);
    String id = call().getString("callId");
    String ext = passwords().keySet().iterator().next();
    assertThat(fx.sip(HttpMethod.GET, "/v1/credentials/" + ext).statusCode()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 15_000;
    int code = 200;
    while (code == 200 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      code = fx.sip(HttpMethod.GET, "/v1/credentials/" + ext).statusCode();
    }
    assertThat(code).isEqualTo(404);
    JsonObject status = fx.integration(HttpMethod.GET, "/door-calls/" + id).bodyAsJsonObject();
    assertThat(status.getString("state")).isEqualTo("expired");
    status.getJsonArray("legs").forEach(o -> assertThat(((JsonObject) o).getString("state")).isEqualTo("expired"));
    // DELETE after expiry keeps the final state
    assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + id).statusCode()).isEqualTo(204);
    assertThat(fx.integration(HttpMethod.GET, "/door-calls/" + id).bodyAsJsonObject().getString("state")).isEqualTo("expired");
  }

  @Test
  void aRestartKeepsLiveCredentialsAndExpiresPastDueCalls(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    node.set("doorcall.ttl", "4s");
    start(vertx, node);
    JsonObject shortCall = call();
    Map<String, String> shortCreds = passwords();
    DoorCallFixture.await(fx.stop());

    // a node with a long TTL: the short call is past due by the time it starts, a new long call lives on
    long shortExpiry = Instant.parse(shortCall.getString("expiresAt")).toEpochMilli();
    TestNode second = new TestNode(node.dir);
    fx = new DoorCallFixture(vertx, second).start();
    String longId = call().getString("callId");
    Map<String, String> longCreds = passwords();
    DoorCallFixture.await(fx.stop());
    while (System.currentTimeMillis() <= shortExpiry + 50) Thread.sleep(50);

    TestNode third = new TestNode(node.dir);
    fx = new DoorCallFixture(vertx, third).start();
    for (Map.Entry<String, String> e : longCreds.entrySet()) {
      HttpResponse<Buffer> r = fx.sip(HttpMethod.GET, "/v1/credentials/" + e.getKey());
      assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("password")).isEqualTo(e.getValue());
    }
    for (String ext : shortCreds.keySet()) assertThat(fx.sip(HttpMethod.GET, "/v1/credentials/" + ext).statusCode()).isEqualTo(404);
    assertThat(fx.integration(HttpMethod.GET, "/door-calls/" + shortCall.getString("callId")).bodyAsJsonObject().getString("state"))
        .isEqualTo("expired");
    // the fetch above after the restart still counts as the phone registering
    assertThat(fx.integration(HttpMethod.GET, "/door-calls/" + longId).bodyAsJsonObject().getString("state")).isEqualTo("registered");
  }
}
