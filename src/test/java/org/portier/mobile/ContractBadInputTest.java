package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Malformed and mistyped requests on the methods of the resident contract: the envelope, a clear message, nothing changed. */
class ContractBadInputTest extends MobileTestBase {
  private static final String[] METHODS = {"user/appVersion", "user/getName", "user/sendName", "user/notification", "user/pushTokens",
      "user/deleteAccount", "address/getSettingsList", "address/resetCode", "address/registerQR", "address/access", "sip/helpMe",
      "ext/options", "ext/list", "address/offices", "cctv/all", "pay/prepare", "geo/coder", "issues/createV2"};

  @Test
  void brokenBodiesAre400OnEveryMethod() throws Exception {
    operatorFlat("Lenina 1", 100053, TEST_PHONE, "12345");
    String token = login(TEST_PHONE);
    JsonObject before = dbSnapshot();
    for (String m : METHODS) {
      assertEnvelope(post(m, Buffer.buffer("{\"flatId\":"), token), 400, "not valid JSON");
      assertEnvelope(post(m, Buffer.buffer("[1]"), token), 400, "must be a JSON object");
      // and without a token, before anything else
      assertEnvelope(post(m, new JsonObject()), 403, "Ошибка авторизации");
      assertEnvelope(post(m, new JsonObject(), "no-such-token"), 401, "Не авторизован");
    }
    assertEnvelope(post("user/checkPhone", Buffer.buffer("{"), null), 400, "not valid JSON");
    assertThat(dbSnapshot()).isEqualTo(before);
    // the token still works: nothing above logged the device out
    assertThat(post("user/ping", null, token).statusCode()).isEqualTo(204);
  }

  @Test
  void wrongTypesAreRefusedWithTheFieldNamed() throws Exception {
    String flat = operatorFlat("Lenina 1", 100053, TEST_PHONE, "12345");
    String token = login(TEST_PHONE);
    JsonObject before = dbSnapshot();
    Object[][] cases = {
        {"user/appVersion", new JsonObject().put("version", true).put("platform", "ios"), 422, "version must be a string"},
        {"user/appVersion", new JsonObject().put("version", "1").put("platform", 1), 422, "platform must be a string"},
        {"user/sendName", new JsonObject().put("name", "Иван").put("patronymic", 7), 422, "patronymic must be a string"},
        {"user/sendName", new JsonObject().put("name", new JsonObject()), 422, "name must be a string"},
        {"user/notification", new JsonObject().put("money", "true1"), 422, "money must be \"t\" or \"f\""},
        {"address/resetCode", new JsonObject().put("flatId", "1e3"), 422, "flatId must be a whole number"},
        {"address/resetCode", new JsonObject().put("flatId", 0), 422, "flatId must be between"},
        {"address/resetCode", new JsonObject().put("flatId", 987654), 404, "не найдена среди ваших адресов"},
        {"address/access", new JsonObject().put("flatId", flat).put("guestPhone", "79007654321").put("expire", 1767214740), 422, "expire must be a string"},
        {"address/access", new JsonObject().put("flatId", flat).put("guestPhone", "79007654321").put("expire", "2026-02-30 10:00:00"), 422, "expire must be"},
        {"address/access", new JsonObject().put("flatId", flat).put("guestPhone", "79007654321").put("clientId", 5), 422, "clientId must be a string"},
        {"address/registerQR", new JsonObject().put("QR", new JsonObject()), 422, "QR must be a string"},
        {"geo/coder", new JsonObject().put("address", 5), 422, "address must be a string"},
    };
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = post((String) c[0], c[1], token);
      assertEnvelope(r, (int) c[2], (String) c[3]);
      assertThat(r.bodyAsJsonObject().containsKey("data")).as(r.bodyAsString()).isFalse();
    }
    assertThat(dbSnapshot()).isEqualTo(before);
    assertThat(count("SELECT COUNT(*) FROM flat_subscribers")).isEqualTo(1);
  }

  @Test
  void helpMeIs404WhenNotConfigured() throws Exception {
    String token = login(TEST_PHONE);
    assertEnvelope(post("sip/helpMe", null, token), 404, "не настроен");
  }
}
