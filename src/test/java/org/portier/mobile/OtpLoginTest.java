package org.portier.mobile;

import org.portier.testing.FakeSmsGateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portier.security.Secrets;

/** user/requestCode and user/confirmCode: test numbers, the SMS gateway, limits and expiry. */
class OtpLoginTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Test
  void testNumberLogsInWithItsFixedCodeAndNoSms() throws Exception {
    HttpResponse<Buffer> asked = post("user/requestCode", phoneBody("89990000001"));
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.bodyAsJsonObject().getJsonObject("data")).isEqualTo(new JsonObject().put("method", "sms"));
    assertThat(count("SELECT COUNT(*) FROM otp_challenges WHERE phone = ?", TEST_PHONE)).isEqualTo(1);

    HttpResponse<Buffer> ok = post("user/confirmCode", codeBody(TEST_PHONE, TEST_CODE));
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonObject data = ok.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getString("accessToken")).hasSizeGreaterThanOrEqualTo(22);
    assertThat(data.getJsonObject("names")).isEqualTo(new JsonObject().put("name", "").put("patronymic", "").put("last", ""));
    assertThat(sms.isIdle()).isTrue();
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
    // a phone that is in no flat still becomes a subscriber with a device
    assertThat(count("SELECT COUNT(*) FROM subscribers WHERE phone = ?", TEST_PHONE)).isEqualTo(1);
    assertThat(post("user/ping", null, data.getString("accessToken")).statusCode()).isEqualTo(204);
  }

  @Test
  void smsCarriesPhoneAndCodeThroughTheTemplatedGateway() throws Exception {
    HttpResponse<Buffer> asked = post("user/requestCode", phoneBody("+7 (900) 123-45-67"));
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(200);
    assertThat(asked.bodyAsJsonObject().getJsonObject("data").getString("method")).isEqualTo("sms");

    FakeSmsGateway.Received sent = sms.next();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.uri()).isEqualTo("/send?to=" + PHONE + "&tag=a%20b");
    assertThat(sent.headers().get("X-Api-Key")).isEqualTo(SMS_KEY);
    assertThat(sent.headers().get("Content-Type")).isEqualTo("application/json");
    JsonObject body = new JsonObject(sent.body());
    assertThat(body.getString("phone")).isEqualTo(PHONE);
    String code = codeFrom(sent);

    // the code is stored only hashed
    String stored = rows("SELECT code_hash FROM otp_challenges WHERE phone = ?", PHONE).get(0).getString(0);
    assertThat(stored).isEqualTo(Secrets.sha256Hex(PHONE + ":" + code)).doesNotContain(code);

    HttpResponse<Buffer> ok = post("user/confirmCode", codeBody("8" + PHONE.substring(1), code));
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getJsonObject("data").getString("accessToken")).isNotBlank();
    // single use
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, code)), 404, "запросите новый код");
  }

  @Test
  void secondRequestWhileACodeLivesIs429WithRetryAfter() throws Exception {
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    sms.next();
    HttpResponse<Buffer> again = post("user/requestCode", phoneBody(PHONE));
    assertEnvelope(again, 429, "Код уже отправлен");
    long retryAfter = Long.parseLong(again.getHeader("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(sms.isIdle()).isTrue();

    // once it has expired a new code may be requested
    sql("UPDATE otp_challenges SET expires_at = 1 WHERE phone = ?", PHONE);
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    sms.next();
  }

  @Test
  void fiveWrongCodesBurnTheChallenge() throws Exception {
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    String code = codeFrom(sms.next());
    String wrong = code.equals("0000") ? "1111" : "0000";
    for (int i = 1; i <= 5; i++) {
      assertEnvelope(post("user/confirmCode", codeBody(PHONE, wrong)), 403, "Код введён неверно");
      assertThat(rows("SELECT attempts FROM otp_challenges WHERE phone = ?", PHONE).get(0).getInteger(0)).isEqualTo(i);
    }
    // even the right code is refused now, and the challenge is gone
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, code)), 403, "Превышено максимальное число попыток");
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, code)), 404, "запросите новый код");
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
  }

  @Test
  void expiredCodeIs404() throws Exception {
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    String code = codeFrom(sms.next());
    long expires = rows("SELECT expires_at, created_at FROM otp_challenges").get(0).getLong(0);
    long created = rows("SELECT expires_at, created_at FROM otp_challenges").get(0).getLong(1);
    assertThat(expires - created).isEqualTo(60_000);
    sql("UPDATE otp_challenges SET expires_at = ? WHERE phone = ?", System.currentTimeMillis() - 1, PHONE);
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, code)), 404, "срок истёк");
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
  }

  @Test
  void gatewayErrorLeavesNoCode() throws Exception {
    sms.status = 500;
    assertEnvelope(post("user/requestCode", phoneBody(PHONE)), 503, "Не удалось отправить SMS");
    sms.next();
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
    // and the phone may ask again at once
    sms.status = 200;
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
  }

  @Test
  void gatewayTimeoutLeavesNoCode() throws Exception {
    sms.silent = true;
    var pending = node.http(io.vertx.core.http.HttpMethod.POST, "/mobile/user/requestCode").sendJsonObject(phoneBody(PHONE));
    sms.next();
    // the challenge is stored before the SMS leaves, so a fast user can never outrun it
    assertThat(count("SELECT COUNT(*) FROM otp_challenges WHERE phone = ?", PHONE)).isEqualTo(1);
    assertEnvelope(await(pending), 503, "Не удалось отправить SMS");
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
  }

  @Test
  void reloginOfTheSameFingerprintRotatesTheToken() throws Exception {
    String first = login(PHONE, "Android,14,Google,Pixel 8");
    String second = login(PHONE, "Android,14,Google,Pixel 8");
    assertThat(second).isNotEqualTo(first);
    assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(1);
    assertEnvelope(post("user/ping", null, first), 401, "Не авторизован");
    assertThat(post("user/ping", null, second).statusCode()).isEqualTo(204);

    // another phone model is another device; a client deviceToken is its own identity
    String other = login(PHONE, "iOS, 17.5, iPhone, iPhone15,2");
    assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(2);
    assertThat(post("user/ping", null, other).statusCode()).isEqualTo(204);
    assertThat(post("user/ping", null, second).statusCode()).isEqualTo(204);
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    String code = codeFrom(sms.next());
    assertThat(post("user/confirmCode", codeBody(PHONE, code).put("deviceToken", "install-42").put("platform", 1)).statusCode()).isEqualTo(200);
    assertThat(rows("SELECT platform FROM devices WHERE fingerprint = ?", "*install-42").get(0).getString(0)).isEqualTo("ios");
  }

  @Test
  void tokenIsStoredOnlyAsItsSha256() throws Exception {
    String token = login(TEST_PHONE);
    var row = rows("SELECT token_hash, fingerprint, ua, ip FROM devices").get(0);
    assertThat(row.getString(0)).isNotEqualTo(token).isEqualTo(Secrets.sha256Hex(token));
    assertThat(row.getString(1)).isEqualTo(Secrets.md5Hex("ru" + ANDROID));
    assertThat(row.getString(2)).isEqualTo("ru," + ANDROID);
    assertThat(row.getString(3)).isEqualTo("127.0.0.1");
  }

  @Test
  void bearerMatrix() throws Exception {
    String token = login(TEST_PHONE);
    assertEnvelope(post("user/ping", null), 403, "Ошибка авторизации");
    assertEnvelope(post("user/ping", null, null, Map.of("Authorization", "Bearer")), 422, "Отсутствует токен");
    assertEnvelope(post("user/ping", null, null, Map.of("Authorization", "Bearer   ")), 422, "Отсутствует токен");
    assertEnvelope(post("user/ping", null, null, Map.of("Authorization", "Basic dXNlcjpwYXNz")), 422, "Отсутствует токен");
    assertEnvelope(post("user/ping", null, "not-a-token-we-issued"), 401, "Не авторизован");
    assertThat(post("user/ping", null, null, Map.of("Authorization", "bearer " + token)).statusCode()).isEqualTo(204);
  }

  @Test
  void deviceIsTouchedAtMostOnceAMinute() throws Exception {
    String token = login(TEST_PHONE);
    sql("UPDATE devices SET last_seen = 5, app_version = NULL");
    Map<String, String> h = Map.of("X-App-Version", "1.0.64", "Accept-Language", "en", "X-System-Info", "iOS, 17.5, Phone, iPhone15,2");
    assertThat(post("user/ping", null, token, h).statusCode()).isEqualTo(204);
    var row = rows("SELECT last_seen, app_version, ua FROM devices").get(0);
    assertThat(row.getLong(0)).isGreaterThan(System.currentTimeMillis() - 60_000);
    assertThat(row.getString(1)).isEqualTo("1.0.64");
    assertThat(row.getString(2)).isEqualTo("en,iOS,17.5,Phone,iPhone15,2");
    // within the minute nothing is written again
    assertThat(post("user/ping", null, token, Map.of("X-App-Version", "2.0")).statusCode()).isEqualTo(204);
    assertThat(rows("SELECT app_version FROM devices").get(0).getString(0)).isEqualTo("1.0.64");
  }
}
