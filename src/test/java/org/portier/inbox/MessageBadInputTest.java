package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** Bad input on every inbox endpoint gets the face's error format, a clear message, and changes nothing. */
class MessageBadInputTest extends InboxTestBase {
  private static final Buffer BROKEN_UTF8 = Buffer.buffer(new byte[] {'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});

  private static JsonObject ok() {
    return new JsonObject().put("phone", ANDROID_PHONE).put("title", "Заголовок").put("body", "Текст");
  }

  @Test
  void operatorMistakesAreRefusedAndNothingIsStored() throws Exception {
    Object[][] cases = {
        {new JsonObject().put("title", "t").put("body", "b"), 422, "a recipient is required"},
        {ok().put("flatId", flatId), 422, "exactly one recipient field is allowed, got phone, flatId"},
        {ok().put("subscriberId", "1").put("houseId", 1), 422, "exactly one recipient"},
        {ok().put("phone", "abc"), 422, "phone must be a phone number"},
        {ok().put("phone", 79001112233L), 422, "phone must be a string"},
        {ok().put("phone", null), 422, "a recipient is required"},
        {new JsonObject().put("subscriberId", "x").put("title", "t").put("body", "b"), 422, "subscriberId must be a whole number"},
        {new JsonObject().put("flatId", 1.5).put("title", "t").put("body", "b"), 422, "flatId must be a whole number"},
        {new JsonObject().put("houseId", List.of(1)).put("title", "t").put("body", "b"), 422, "houseId must be a whole number"},
        {ok().put("title", null), 422, "title is required"},
        {ok().put("title", 5), 422, "title must be a string"},
        {ok().put("title", "   "), 422, "title must not be empty"},
        {ok().put("title", "x".repeat(201)), 422, "title must have at most 200"},
        {ok().put("body", "x".repeat(5001)), 422, "body must have at most 5000"},
        {ok().put("body", "a\u0001b"), 422, "body must not contain control characters"},
        {ok().put("body", true), 422, "body must be a string"},
        {ok().put("action", "sms"), 422, "action must be one of inbox, chat, newAddress, paySuccess, payError, videoReady, ext"},
        {ok().put("action", 1), 422, "action must be a string"},
        {ok().put("action", "ext"), 422, "ext is required when action is ext"},
        {ok().put("ext", "42"), 422, "ext is only allowed when action is ext"},
        {ok().put("action", "ext").put("ext", "x".repeat(65)), 422, "ext must have at most 64"},
        {ok().put("badge", "1"), 422, "unknown field badge"},
        {Buffer.buffer("{\"phone\":"), 400, "not valid JSON"},
        {Buffer.buffer("[1]"), 400, "must be a JSON object"},
        {BROKEN_UTF8, 400, "not valid UTF-8"},
        {Buffer.buffer("{\"body\":\"" + "x".repeat(70_000) + "\"}"), 413, "too large"},
        {ok().put("phone", "79000000000"), 404, "no subscriber with phone 79000000000"},
        {new JsonObject().put("subscriberId", "987654").put("title", "t").put("body", "b"), 404, "no subscriber with id 987654"},
        {new JsonObject().put("flatId", 987654).put("title", "t").put("body", "b"), 404, "no flat with id 987654"},
        {new JsonObject().put("houseId", "987654").put("title", "t").put("body", "b"), 404, "no house with id 987654"},
    };
    for (Object[] c : cases) {
      var req = node.integration(HttpMethod.POST, "/messages");
      HttpResponse<Buffer> r = get(c[0] instanceof Buffer b ? req.putHeader("Content-Type", "application/json").sendBuffer(b)
          : req.sendJsonObject((JsonObject) c[0]));
      assertError(r, (int) c[1], (String) c[2]);
    }
    assertError(get(node.http(HttpMethod.POST, "/integration/v1/messages").sendJsonObject(ok())), 401, "API key");
    assertError(get(node.integration(HttpMethod.GET, "/messages/987654").send()), 404, "no message with id 987654");
    assertError(get(node.integration(HttpMethod.GET, "/messages/abc").send()), 404, "no message");
    assertError(get(node.integration(HttpMethod.GET, "/messages/broadcasts/987654").send()), 404, "no broadcast with id 987654");
    assertError(get(node.http(HttpMethod.GET, "/integration/v1/messages/1").send()), 401, "API key");
    for (String table : List.of("inbox_messages", "message_broadcasts", "push_outbox")) {
      assertThat(count("SELECT COUNT(*) FROM " + table)).as(table).isZero();
    }
  }

  @Test
  void residentMistakesAreRefusedAndNothingChanges() throws Exception {
    String token = androidResident();
    String id = sendOk(ok()).getString("id");
    for (String method : List.of("inbox/inbox", "inbox/unreaded", "inbox/readed", "inbox/delivered", "inbox/chatReaded")) {
      HttpResponse<Buffer> r = mobile(method, null, new JsonObject());
      assertThat(r.statusCode()).as(method + " without auth: " + TestNode.status(r)).isEqualTo(403);
      assertThat(r.bodyAsJsonObject().getInteger("code")).isEqualTo(403);
      assertThat(mobile(method, "0123456789abcdef0123456789abcdef", new JsonObject()).statusCode()).as(method + " unknown token").isEqualTo(401);
    }
    Object[][] cases = {
        {"inbox/readed", new JsonObject().put("messageId", "abc"), 422, "messageId must be a whole number"},
        {"inbox/readed", new JsonObject().put("messageId", true), 422, "messageId must be a whole number"},
        {"inbox/readed", new JsonObject().put("messageId", 1.5), 422, "messageId must be a whole number"},
        {"inbox/readed", new JsonObject().put("messageId", 0), 422, "messageId must be between"},
        {"inbox/delivered", new JsonObject().put("messageId", "x1"), 422, "messageId must be a whole number"},
        {"inbox/delivered", new JsonObject().put("messageId", "987654"), 404, "987654"},
        {"inbox/readed", new JsonObject().put("messageId", 987654), 404, "987654"},
        {"inbox/readed", Buffer.buffer("{\"messageId\":"), 400, "not valid JSON"},
        {"inbox/delivered", BROKEN_UTF8, 400, "not valid UTF-8"},
        {"inbox/unreaded", Buffer.buffer("[]"), 400, "must be a JSON object"},
        {"inbox/inbox", Buffer.buffer("{\"x\":\"" + "y".repeat(70_000) + "\"}"), 413, ""},
    };
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = mobile((String) c[0], token, c[1]);
      assertThat(r.statusCode()).as(c[0] + " " + c[1] + ": " + TestNode.status(r)).isEqualTo((int) c[2]);
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.getInteger("code")).isEqualTo((int) c[2]);
      assertThat(body.getString("message")).as(body.encode()).contains((String) c[3]);
      assertThat(body.containsKey("data")).isFalse();
    }
    JsonObject m = message(id);
    assertThat(m.containsKey("readAt")).isFalse();
    assertThat(m.containsKey("deliveredAt")).isFalse();
    assertThat(mobile("inbox/unreaded", token, null).bodyAsJsonObject().getJsonObject("data").getInteger("count")).isEqualTo(1);
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String text) {
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("message")).as(body.encode()).contains(text);
  }
}
