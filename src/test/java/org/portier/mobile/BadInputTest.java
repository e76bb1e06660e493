package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Malformed and mistyped requests on every method: each gets the envelope with a clear message,
 * the HTTP status equals the envelope's code, and the database is left exactly as it was.
 */
class BadInputTest extends MobileTestBase {
  private static final Buffer BROKEN_UTF8 = Buffer.buffer(new byte[] {'{', '"', 'u', 's', 'e', 'r', 'P', 'h', 'o', 'n', 'e', '"', ':', '"',
      (byte) 0xC3, (byte) 0x28, '"', '}'});
  private static final Buffer HUGE = Buffer.buffer("{\"userPhone\":\"" + "7".repeat(70_000) + "\"}");

  @Test
  void everyMethodRefusesBadInputAndChangesNothing() throws Exception {
    String flat = operatorFlat("Lenina 1", 100053, TEST_PHONE, null);
    String token = login(TEST_PHONE);
    JsonObject before = dbSnapshot();
    Object[][] cases = {
        // method, body, authorised, status, message part
        {"user/requestCode", new JsonObject(), false, 422, "userPhone is required"},
        {"user/requestCode", null, false, 422, "userPhone is required"},
        {"user/requestCode", new JsonObject().put("userPhone", 79001234567L), false, 422, "userPhone must be a string"},
        {"user/requestCode", phoneBody("12345"), false, 422, "нужно 11 цифр"},
        {"user/requestCode", phoneBody("7900123456x"), false, 422, "нужно 11 цифр"},
        {"user/requestCode", phoneBody("79001234567").put("method", 1), false, 422, "method must be a string"},
        {"user/confirmCode", phoneBody(TEST_PHONE), false, 422, "smsCode is required"},
        {"user/confirmCode", codeBody(TEST_PHONE, "123"), false, 422, "4 цифр"},
        {"user/confirmCode", codeBody(TEST_PHONE, "12345"), false, 422, "4 цифр"},
        {"user/confirmCode", codeBody(TEST_PHONE, "12a4"), false, 422, "4 цифр"},
        {"user/confirmCode", phoneBody(TEST_PHONE).put("smsCode", 1234), false, 422, "smsCode must be a string"},
        {"user/confirmCode", codeBody("1", "1234"), false, 422, "нужно 11 цифр"},
        {"user/confirmCode", codeBody(TEST_PHONE, "1234").put("platform", 7), false, 422, "platform must be between 0 and 2"},
        {"user/confirmCode", codeBody(TEST_PHONE, "1234").put("platform", "ios"), false, 422, "platform must be a whole number"},
        {"user/confirmCode", codeBody(TEST_PHONE, "1234").put("deviceToken", 42), false, 422, "deviceToken must be a string"},
        {"user/confirmCode", codeBody("79005550000", "1234"), false, 404, "запросите новый код"},
        {"user/registerPushToken", new JsonObject().put("platform", true), true, 422, "platform must be a string"},
        {"user/registerPushToken", new JsonObject().put("platform", "android").put("bundle", 5), true, 422, "bundle must be a string"},
        {"address/intercom", new JsonObject().put("flatId", 1.5), true, 422, "flatId must be a whole number"},
        {"address/intercom", new JsonObject().put("flatId", flat).put("settings", new JsonObject().put("CMS", 1)), true, 422, "CMS must be \"t\" or \"f\""},
        {"address/intercom", new JsonObject().put("flatId", flat).put("settings", new JsonObject().put("autoOpen", 1767214740)), true, 422, "autoOpen must be a string"},
        {"user/phonePattern", Buffer.buffer("{\"a\":"), false, 400, "not valid JSON"},
        {"user/requestCode", Buffer.buffer("{\"userPhone\": \"79001234567\""), false, 400, "not valid JSON"},
        {"user/requestCode", Buffer.buffer("[\"79001234567\"]"), false, 400, "must be a JSON object"},
        {"user/requestCode", BROKEN_UTF8, false, 400, "not valid UTF-8"},
        {"user/confirmCode", BROKEN_UTF8, false, 400, "not valid UTF-8"},
        {"user/requestCode", HUGE, false, 413, "too large"},
        {"address/intercom", HUGE, true, 413, "too large"},
        {"user/ping", Buffer.buffer("nonsense"), true, 400, "not valid JSON"},
        {"user/registerPushToken", BROKEN_UTF8, true, 400, "not valid UTF-8"},
        {"address/getAddressList", Buffer.buffer("{"), true, 400, "not valid JSON"},
        {"address/intercom", Buffer.buffer("\"flatId\""), true, 400, "must be a JSON object"},
        {"user/listGroups", new JsonObject(), true, 405, "user/listGroups\" is not supported"},
        {"inbox/archive", null, true, 405, "inbox/archive\" is not supported"},
        {"address/openDoor", new JsonObject().put("domophoneId", 100053), false, 403, "Authorization"},
        {"user", null, false, 405, "not supported"},
        {"user/ping/now", null, true, 405, "not supported"},
    };
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = post((String) c[0], c[1], (boolean) c[2] ? token : null);
      assertEnvelope(r, (int) c[3], (String) c[4]);
      assertThat(r.bodyAsJsonObject().containsKey("data")).as("errors carry no data: " + r.bodyAsString()).isFalse();
    }
    assertThat(dbSnapshot()).isEqualTo(before);
  }

  @Test
  void flagsAcceptTheContractsStringsAndJsonBooleans() throws Exception {
    String flat = operatorFlat("Lenina 1", 100053, TEST_PHONE, null);
    String token = login(TEST_PHONE);
    HttpResponse<Buffer> r = post("address/intercom", new JsonObject().put("flatId", flat).put("settings", new JsonObject().put("CMS", false)), token);
    assertThat(r.bodyAsJsonObject().getJsonObject("data").getString("CMS")).isEqualTo("f");
    r = post("address/intercom", new JsonObject().put("flatId", flat).put("settings", new JsonObject().put("CMS", "t")), token);
    assertThat(r.bodyAsJsonObject().getJsonObject("data").getString("CMS")).isEqualTo("t");
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("production", false)
        .put("voipToken", "v".repeat(64)), token).statusCode()).isEqualTo(204);
    assertThat(rows("SELECT production FROM devices").get(0).getBoolean(0)).isFalse();
  }
}
