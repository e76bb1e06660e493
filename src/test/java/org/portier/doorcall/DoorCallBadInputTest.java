package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/** Client mistakes on the door-call routes: the integration face's error format, a clear message, nothing stored. */
@ExtendWith(VertxExtension.class)
class DoorCallBadInputTest {
  private DoorCallFixture fx;
  private String flatId;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    fx = new DoorCallFixture(vertx, TestNode.inTempDir()).start();
    String h = fx.house("Gagarina 8");
    fx.door(h, 400001, 0, null);
    flatId = fx.flat(h, "11");
    fx.device(fx.subscriber(flatId, "79005550001"), "android", "fcm", "android-fcm-token-bad00001", null);
  }

  @AfterEach
  void tearDown() throws Exception {
    DoorCallFixture.await(fx.stop());
  }

  private HttpResponse<Buffer> post(Object body) throws Exception {
    var req = fx.node.integration(HttpMethod.POST, "/door-calls");
    return DoorCallFixture.await(body instanceof Buffer b ? req.putHeader("content-type", "application/json").sendBuffer(b)
        : req.sendJsonObject((JsonObject) body));
  }

  @Test
  void badStartRequestsAreRefusedWithAClearMessage() throws Exception {
    long flat = Long.parseLong(flatId);
    Object[][] cases = {
        {new JsonObject(), 422, "not neither"},
        {new JsonObject().put("flatId", flat).put("panelId", 400001).put("flatNumber", "11"), 422, "not both"},
        {new JsonObject().put("flatId", "abc"), 422, "flatId must be a whole number"},
        {new JsonObject().put("flatId", true), 422, "flatId must be a whole number"},
        {new JsonObject().put("flatId", 1.5), 422, "flatId must be a whole number"},
        {new JsonObject().put("flatId", null), 422, "flatId is required"},
        {new JsonObject().put("flatId", flat).put("flatNumber", "11"), 422, "flatNumber goes with panelId"},
        {new JsonObject().put("panelId", 400001), 422, "flatNumber is required"},
        {new JsonObject().put("panelId", 400001).put("flatNumber", "11").put("extra", 1), 422, "unknown field extra"},
        {new JsonObject().put("panelId", 400001).put("flatNumber", "1 1; DROP"), 422, "flatNumber must be letters and digits"},
        {new JsonObject().put("panelId", 400001).put("flatNumber", new JsonObject()), 422, "flatNumber must be a string"},
        {new JsonObject().put("panelId", 400001).put("flatNumber", "11").put("doorId", "x"), 422, "doorId must be a whole number"},
        {new JsonObject().put("panelId", 400001).put("flatNumber", "11").put("doorId", 256), 422, "doorId must be between 0 and 255"},
        {new JsonObject().put("flatId", flat).put("callerId", 5), 422, "callerId must be a string"},
        {new JsonObject().put("flatId", flat).put("callerId", ""), 422, "callerId must not be empty"},
        {new JsonObject().put("flatId", flat).put("callerId", "x".repeat(201)), 422, "callerId must have at most 200"},
        {new JsonObject().put("panelId", 999999).put("flatNumber", "11"), 404, "no panel with id \"999999\""},
        {new JsonObject().put("panelId", 400001).put("flatNumber", "99"), 404, "panel 400001 has no flat number \"99\""},
        {new JsonObject().put("panelId", 400001).put("flatNumber", "11").put("doorId", 7), 404, "no door on output 7"},
        {new JsonObject().put("flatId", 987654), 404, "no flat with id \"987654\""},
        {new JsonObject().put("flatId", flat).put("doorId", 3), 404, "no door on output 3"},
        {Buffer.buffer("[1,2]"), 400, "must be a JSON object"},
        {Buffer.buffer("{\"flatId\": "), 400, "not valid JSON"},
        {Buffer.buffer(""), 400, "body is empty"},
        {Buffer.buffer(new byte[] {'{', '"', 'c', 'a', 'l', 'l', 'e', 'r', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), 400, "UTF-8"},
        {Buffer.buffer("{\"flatId\": " + flat + ", \"callerId\": \"" + "x".repeat(70_000) + "\"}"), 413, "too large"},
    };
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = post(c[0]);
      assertThat(r.statusCode()).as(c[0] + " -> " + r.bodyAsString()).isEqualTo((int) c[1]);
      JsonObject err = r.bodyAsJsonObject();
      assertThat(err.getInteger("status")).isEqualTo((int) c[1]);
      assertThat(err.getString("error")).isNotBlank();
      assertThat(err.getString("message")).as(err.encode()).contains((String) c[2]);
    }
    assertThat(fx.count("SELECT COUNT(*) FROM door_calls")).isZero();
    assertThat(fx.count("SELECT COUNT(*) FROM door_call_legs")).isZero();
    assertThat(fx.pushRequests).isEmpty();
  }

  @Test
  void unknownCallIdsAndMissingKeysAreRefused() throws Exception {
    for (String id : new String[] {"nope", "00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-00000000000G", "x".repeat(300)}) {
      for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.DELETE}) {
        HttpResponse<Buffer> r = fx.integration(m, "/door-calls/" + id);
        assertThat(r.statusCode()).as(m + " " + id).isEqualTo(404);
        assertThat(r.bodyAsJsonObject().getString("message")).startsWith("no door call with id");
      }
    }
    HttpResponse<Buffer> none = DoorCallFixture.await(fx.node.http(HttpMethod.POST, "/integration/v1/door-calls")
        .sendJsonObject(new JsonObject().put("flatId", flatId)));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject().getString("message")).contains("API key is required");
    HttpResponse<Buffer> wrong = DoorCallFixture.await(fx.node.http(HttpMethod.POST, "/integration/v1/door-calls")
        .bearerTokenAuthentication(TestNode.SIP_KEY).sendJsonObject(new JsonObject().put("flatId", flatId)));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject().getString("message")).isEqualTo("unknown API key");
    assertThat(fx.count("SELECT COUNT(*) FROM door_calls")).isZero();
  }

  @Test
  void withoutThePushActorTheStartFailsCleanly() throws Exception {
    DoorCallFixture.await(fx.stopPushStandIn());
    HttpResponse<Buffer> r = post(new JsonObject().put("flatId", flatId));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("message")).contains("push service did not take the call pushes");
    // the call is kept for the record as failed, its credentials revoked
    assertThat(fx.count("SELECT COUNT(*) FROM door_calls WHERE state = 'failed'")).isEqualTo(1);
    assertThat(fx.count("SELECT COUNT(*) FROM door_call_legs WHERE state <> 'revoked'")).isZero();
  }
}
