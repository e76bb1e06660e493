package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/**
 * POST /door-calls/{callId}/legs/{extension}/answered: the call is answered, every other leg's
 * credentials die at once on the SIP faces, the answered leg keeps them until the call ends, and
 * a restart reloads exactly that.
 */
@ExtendWith(VertxExtension.class)
class DoorCallAnsweredTest {
  private DoorCallFixture fx;

  private void start(Vertx vertx, TestNode node) throws Exception {
    fx = new DoorCallFixture(vertx, node).start();
    String h = fx.house("Mira 5");
    fx.door(h, 300001, 0, null);
    String flat = fx.flat(h, "7");
    String a = fx.subscriber(flat, "79003330001");
    String b = fx.subscriber(flat, "79003330002");
    fx.device(a, "ios", null, null, "ios-voip-token-0000000031");
    fx.device(a, "android", "fcm", "android-fcm-token-000031", null);
    fx.device(b, "android", "fcm", "android-fcm-token-000032", null);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (fx != null) DoorCallFixture.await(fx.stop());
  }

  /** Starts a call; returns its id followed by its extensions. */
  private List<String> call() throws Exception {
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("panelId", 300001).put("flatNumber", "7"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    List<String> out = new ArrayList<>();
    out.add(r.bodyAsJsonObject().getString("callId"));
    r.bodyAsJsonObject().getJsonArray("legs").forEach(l -> out.add(((JsonObject) l).getString("extension")));
    assertThat(out).hasSize(4);
    return out;
  }

  private HttpResponse<Buffer> answered(String callId, String ext) throws Exception {
    return fx.integration(HttpMethod.POST, "/door-calls/" + callId + "/legs/" + ext + "/answered");
  }

  private int sipStatus(String ext) throws Exception {
    return fx.sip(HttpMethod.GET, "/v1/credentials/" + ext).statusCode();
  }

  private String asteriskAuth(String ext) throws Exception {
    HttpResponse<Buffer> r = fx.asterisk("ps_auths", "single", "id=" + ext);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsString() == null ? "" : r.bodyAsString();
  }

  private JsonObject status(String callId) throws Exception {
    return fx.integration(HttpMethod.GET, "/door-calls/" + callId).bodyAsJsonObject();
  }

  private void assertAnsweredBy(String callId, String ext) throws Exception {
    JsonObject s = status(callId);
    assertThat(s.getString("answeredExtension")).isEqualTo(ext);
    assertThat(Instant.parse(s.getString("answeredAt"))).isAfterOrEqualTo(Instant.parse(s.getString("createdAt")));
    s.getJsonArray("legs").forEach(o -> {
      JsonObject leg = (JsonObject) o;
      assertThat(leg.getString("state")).as(leg.encode()).isEqualTo(leg.getString("extension").equals(ext) ? "answered" : "revoked");
    });
  }

  private void assert409(HttpResponse<Buffer> r, String text) {
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Conflict");
    assertThat(r.bodyAsJsonObject().getString("message")).contains(text);
  }

  @Test
  void anAnsweredLegRevokesTheOthersAtOnce(Vertx vertx) throws Exception {
    start(vertx, TestNode.inTempDir());
    List<String> c = call();
    String id = c.get(0);
    String winner = c.get(2);
    for (String ext : c.subList(1, 4)) assertThat(sipStatus(ext)).isEqualTo(200);

    HttpResponse<Buffer> r = answered(id, winner);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    assertThat(r.body()).isNull();
    for (String ext : c.subList(1, 4)) {
      assertThat(sipStatus(ext)).as(ext).isEqualTo(ext.equals(winner) ? 200 : 404);
      if (ext.equals(winner)) assertThat(asteriskAuth(ext)).contains("id=" + ext);
      else assertThat(asteriskAuth(ext)).isEmpty();
    }
    JsonObject s = status(id);
    assertThat(s.getString("state")).isEqualTo("answered");
    assertAnsweredBy(id, winner);

    // the same leg again: idempotent; another leg: 409; unknown ids: 404
    assertThat(answered(id, winner).statusCode()).isEqualTo(204);
    assert409(answered(id, c.get(1)), "already answered by extension " + winner);
    HttpResponse<Buffer> unknownLeg = answered(id, "2000000000");
    assertThat(unknownLeg.statusCode()).isEqualTo(404);
    assertThat(unknownLeg.bodyAsJsonObject().getString("message")).contains("has no leg with extension \"2000000000\"");
    HttpResponse<Buffer> unknownCall = answered("00000000-0000-4000-8000-000000000000", winner);
    assertThat(unknownCall.statusCode()).isEqualTo(404);
    assertThat(unknownCall.bodyAsJsonObject().getString("message")).contains("no door call");
    assertThat(answered("not-a-call", winner).statusCode()).isEqualTo(404);
    assertThat(answered(id, "12ab").statusCode()).isEqualTo(404);
    // a credential fetch after the answer does not turn the call back to "registered"
    assertThat(sipStatus(winner)).isEqualTo(200);
    assertThat(status(id).getString("state")).isEqualTo("answered");

    // the call ends: the answered leg's credentials go too, the record of who answered stays
    assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + id).statusCode()).isEqualTo(204);
    assertThat(sipStatus(winner)).isEqualTo(404);
    assertThat(status(id).getString("state")).isEqualTo("ended");
    assertAnsweredBy(id, winner);
    assert409(answered(id, winner), "has already ended");
  }

  @Test
  void anEndedOrExpiredCallCannotBeAnswered(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    node.set("doorcall.ttl", "2s");
    start(vertx, node);
    List<String> ended = call();
    assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + ended.get(0)).statusCode()).isEqualTo(204);
    assert409(answered(ended.get(0), ended.get(1)), "door call " + ended.get(0) + " has already ended");
    assertThat(status(ended.get(0)).getValue("answeredAt")).isNull();

    List<String> expiring = call();
    long deadline = System.currentTimeMillis() + 15_000;
    while (!"expired".equals(status(expiring.get(0)).getString("state")) && System.currentTimeMillis() < deadline) Thread.sleep(100);
    assert409(answered(expiring.get(0), expiring.get(1)), "has already expired");
  }

  @Test
  void aRestartKeepsOnlyTheAnsweredLegLive(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    start(vertx, node);
    List<String> c = call();
    String id = c.get(0);
    String winner = c.get(3);
    assertThat(answered(id, winner).statusCode()).isEqualTo(204);
    DoorCallFixture.await(fx.stop());

    fx = new DoorCallFixture(vertx, new TestNode(node.dir)).start();
    for (String ext : c.subList(1, 4)) assertThat(sipStatus(ext)).as(ext).isEqualTo(ext.equals(winner) ? 200 : 404);
    assertThat(status(id).getString("state")).isEqualTo("answered");
    assertAnsweredBy(id, winner);
    assertThat(answered(id, winner).statusCode()).isEqualTo(204);
    assert409(answered(id, c.get(1)), "already answered by extension " + winner);
  }

  @Test
  void badAnswerRequestsAreRefused(Vertx vertx) throws Exception {
    start(vertx, TestNode.inTempDir());
    List<String> c = call();
    String path = "/integration/v1/door-calls/" + c.get(0) + "/legs/" + c.get(1) + "/answered";
    HttpResponse<Buffer> extra = DoorCallFixture.await(fx.node.http(HttpMethod.POST, path).bearerTokenAuthentication(TestNode.API_KEY)
        .sendJsonObject(new JsonObject().put("by", "me")));
    assertThat(extra.statusCode()).isEqualTo(422);
    assertThat(extra.bodyAsJsonObject().getString("message")).contains("unknown field by");
    HttpResponse<Buffer> broken = DoorCallFixture.await(fx.node.http(HttpMethod.POST, path).bearerTokenAuthentication(TestNode.API_KEY)
        .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(new byte[] {'{', (byte) 0xC3, (byte) 0x28})));
    assertThat(broken.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> huge = DoorCallFixture.await(fx.node.http(HttpMethod.POST, path).bearerTokenAuthentication(TestNode.API_KEY)
        .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"x\":\"" + "y".repeat(70_000) + "\"}")));
    assertThat(huge.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> noKey = DoorCallFixture.await(fx.node.http(HttpMethod.POST, path).send());
    assertThat(noKey.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> wrongKey = DoorCallFixture.await(fx.node.http(HttpMethod.POST, path)
        .bearerTokenAuthentication("wrong-key-0123456789abcdef").send());
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    // nothing changed: every leg is still live
    assertThat(status(c.get(0)).getString("state")).isEqualTo("pushed");
    for (String ext : c.subList(1, 4)) assertThat(sipStatus(ext)).isEqualTo(200);
    // an empty JSON object is fine
    HttpResponse<Buffer> ok = DoorCallFixture.await(fx.node.http(HttpMethod.POST, path).bearerTokenAuthentication(TestNode.API_KEY)
        .sendJsonObject(new JsonObject()));
    assertThat(ok.statusCode()).as(TestNode.status(ok)).isEqualTo(204);
  }
}
