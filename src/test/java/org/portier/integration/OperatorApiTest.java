package org.portier.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

@ExtendWith(VertxExtension.class)
class OperatorApiTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext tc) {
    node = TestNode.inTempDir();
    node.start(vertx).onComplete(tc.succeedingThenComplete());
  }

  @AfterEach
  void stop(VertxTestContext tc) {
    node.stop().onComplete(tc.succeedingThenComplete());
  }

  private JsonObject await(io.vertx.core.Future<JsonObject> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> call(HttpMethod m, String path, Object body) throws Exception {
    var req = node.integration(m, path);
    var f = body == null ? req.send() : body instanceof Buffer b ? req.putHeader("content-type", "application/json").sendBuffer(b)
        : req.sendJsonObject((JsonObject) body);
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void housesDoorsFlatsSubscribers() throws Exception {
    JsonObject house = await(node.create("/houses", new JsonObject().put("address", "Lenina 1")));
    assertThat(house.getValue("id")).isInstanceOf(String.class);
    String h = house.getString("id");
    JsonObject door = await(node.create("/houses/" + h + "/doors", new JsonObject().put("panelId", 100053).put("doorId", 0)
        .put("name", "Main entrance").put("icon", "entrance").put("snapshotUrl", "http://127.0.0.1:1/shot.jpg")));
    assertThat(door.getString("panelId")).isEqualTo("100053");
    assertThat(door.getString("dtmf")).isEqualTo("1");
    JsonObject flat = await(node.create("/houses/" + h + "/flats", new JsonObject().put("number", "11")));
    JsonObject sub = await(node.create("/flats/" + flat.getString("id") + "/subscribers",
        new JsonObject().put("phone", "+7 (900) 123-45-67").put("role", "owner")));
    assertThat(sub.getString("phone")).isEqualTo("79001234567");

    assertThat(call(HttpMethod.GET, "/houses", null).bodyAsJsonArray()).hasSize(1);
    JsonArray members = call(HttpMethod.GET, "/flats/" + flat.getString("id") + "/subscribers", null).bodyAsJsonArray();
    assertThat(members.getJsonObject(0).getString("role")).isEqualTo("owner");

    // duplicates are 409, unknown ids 404
    assertThat(call(HttpMethod.POST, "/houses/" + h + "/flats", new JsonObject().put("number", "11")).statusCode()).isEqualTo(409);
    assertThat(call(HttpMethod.POST, "/houses/" + h + "/doors", new JsonObject().put("panelId", 100053).put("doorId", 0).put("name", "x")).statusCode()).isEqualTo(409);
    assertThat(call(HttpMethod.POST, "/flats/" + flat.getString("id") + "/subscribers", new JsonObject().put("phone", "79001234567")).statusCode()).isEqualTo(409);
    assertThat(call(HttpMethod.GET, "/houses/999999", null).statusCode()).isEqualTo(404);
    assertThat(call(HttpMethod.POST, "/houses/abc/flats", new JsonObject().put("number", "1")).statusCode()).isEqualTo(404);

    // delete cascades
    assertThat(call(HttpMethod.DELETE, "/houses/" + h, null).statusCode()).isEqualTo(204);
    assertThat(call(HttpMethod.GET, "/flats/" + flat.getString("id"), null).statusCode()).isEqualTo(404);
    assertThat(call(HttpMethod.DELETE, "/houses/" + h, null).statusCode()).isEqualTo(404);
  }

  @Test
  void badInputGetsTheFaceErrorFormatAndStoresNothing() throws Exception {
    String h = await(node.create("/houses", new JsonObject().put("address", "Lenina 2"))).getString("id");
    Object[][] cases = {
        {"/houses", new JsonObject(), 422, "address is required"},
        {"/houses", new JsonObject().put("address", 5), 422, "address must be a string"},
        {"/houses", new JsonObject().put("address", "x").put("extra", 1), 422, "unknown field extra"},
        {"/houses", Buffer.buffer("{\"address\": \"a"), 400, "not valid JSON"},
        {"/houses", Buffer.buffer("[1,2]"), 400, "must be a JSON object"},
        {"/houses", Buffer.buffer(new byte[] {'{', '"', 'a', 'd', 'd', 'r', 'e', 's', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), 400, "UTF-8"},
        {"/houses", Buffer.buffer("{\"address\":\"" + "x".repeat(70_000) + "\"}"), 413, "too large"},
        {"/houses/" + h + "/doors", new JsonObject().put("panelId", "abc").put("doorId", 0).put("name", "n"), 422, "panelId must be a whole number"},
        {"/houses/" + h + "/doors", new JsonObject().put("panelId", 1).put("doorId", 0).put("name", "n").put("icon", "window"), 422, "icon must be one of"},
        {"/houses/" + h + "/doors", new JsonObject().put("panelId", 1).put("doorId", 0).put("name", "n").put("dtmf", "xyz"), 422, "dtmf"},
        {"/houses/" + h + "/doors", new JsonObject().put("panelId", 1).put("doorId", 0).put("name", "n").put("snapshotUrl", "ftp://x"), 422, "snapshotUrl"},
        {"/houses/" + h + "/doors", new JsonObject().put("panelId", 1.5).put("doorId", 0).put("name", "n"), 422, "whole number"},
        {"/houses/" + h + "/flats", new JsonObject().put("number", true), 422, "number must be a string"},
        {"/houses/" + h + "/flats", new JsonObject().put("number", "1").put("doorCode", "12"), 422, "doorCode"},
    };
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = call(HttpMethod.POST, (String) c[0], c[1]);
      assertThat(r.statusCode()).as(c[0] + " " + c[3]).isEqualTo((int) c[2]);
      JsonObject err = r.bodyAsJsonObject();
      assertThat(err.getInteger("status")).isEqualTo((int) c[2]);
      assertThat(err.getString("message")).as(err.encode()).contains((String) c[3]);
    }
    String f = await(node.create("/houses/" + h + "/flats", new JsonObject().put("number", "7"))).getString("id");
    assertThat(call(HttpMethod.POST, "/flats/" + f + "/subscribers", new JsonObject().put("phone", "12345")).statusCode()).isEqualTo(422);
    assertThat(call(HttpMethod.POST, "/flats/" + f + "/subscribers", new JsonObject().put("phone", "79001234567").put("role", "king")).statusCode()).isEqualTo(422);
    // nothing stored half-way
    assertThat(call(HttpMethod.GET, "/houses", null).bodyAsJsonArray()).hasSize(1);
    assertThat(call(HttpMethod.GET, "/houses/" + h + "/doors", null).bodyAsJsonArray()).isEmpty();
    assertThat(call(HttpMethod.GET, "/flats/" + f + "/subscribers", null).bodyAsJsonArray()).isEmpty();
  }

  @Test
  void apiKeyIsRequired() throws Exception {
    var none = node.http(HttpMethod.GET, "/integration/v1/houses").send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject().getString("message")).contains("API key is required");
    var wrong = node.http(HttpMethod.GET, "/integration/v1/houses").bearerTokenAuthentication("wrong-key-0123456789")
        .send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(wrong.statusCode()).isEqualTo(401);
  }
}
