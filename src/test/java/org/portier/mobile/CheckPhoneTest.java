package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** The outgoingCall login: requestCode's instructions, verification calls from the SIP server, user/checkPhone. */
class CheckPhoneTest extends MobileTestBase {
  private static final String PHONE = "79001234567";
  private static final String CONFIRM = "+74950000000";

  @Override
  protected void configure(TestNode node) {
    node.set("otp.method", "outgoingCall").set("otp.confirmationNumbers", new JsonArray().add(CONFIRM).add("+74950000001"));
  }

  private HttpResponse<Buffer> reportCall(Object body) throws Exception {
    var req = node.integration(HttpMethod.POST, "/verification-calls");
    return await(body instanceof Buffer b ? req.putHeader("Content-Type", "application/json").sendBuffer(b) : req.sendJsonObject((JsonObject) body));
  }

  @Test
  void requestCodeTellsWhichNumberToCallAndSendsNoSms() throws Exception {
    HttpResponse<Buffer> r = post("user/requestCode", phoneBody(PHONE));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonObject("data")).isEqualTo(new JsonObject().put("method", "outgoingCall")
        .put("confirmationNumbers", new JsonArray().add(CONFIRM).add("+74950000001")));
    assertThat(sms.isIdle()).isTrue();
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
  }

  @Test
  void checkPhoneIs401UntilTheCallIsReportedThenLogsInOnce() throws Exception {
    assertEnvelope(post("user/checkPhone", phoneBody(PHONE)), 401, "ещё не поступил");
    HttpResponse<Buffer> reported = reportCall(new JsonObject().put("from", "+7 900 123-45-67").put("to", "84950000000"));
    assertThat(reported.statusCode()).as(TestNode.status(reported)).isEqualTo(201);
    assertThat(reported.bodyAsJsonObject().getString("from")).isEqualTo(PHONE);
    assertThat(reported.bodyAsJsonObject().getString("to")).isEqualTo(CONFIRM);
    // another phone's call does not count for this one
    assertEnvelope(post("user/checkPhone", phoneBody("79005550000")), 401, "ещё не поступил");

    HttpResponse<Buffer> ok = post("user/checkPhone", phoneBody("8" + PHONE.substring(1)).put("platform", "1"));
    assertThat(ok.statusCode()).as(TestNode.status(ok)).isEqualTo(200);
    JsonObject data = ok.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getValue("accessToken")).isInstanceOf(String.class);
    assertThat(data.getJsonObject("names")).isEqualTo(new JsonObject().put("name", "").put("patronymic", "").put("last", ""));
    assertThat(post("user/ping", null, data.getString("accessToken")).statusCode()).isEqualTo(204);
    assertThat(rows("SELECT platform FROM devices").get(0).getString(0)).isEqualTo("ios");
    // one call, one login
    assertEnvelope(post("user/checkPhone", phoneBody(PHONE)), 401, "ещё не поступил");
    assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(1);
  }

  @Test
  void aCallOutsideTheWindowDoesNotCount() throws Exception {
    assertThat(reportCall(new JsonObject().put("from", PHONE).put("to", CONFIRM)).statusCode()).isEqualTo(201);
    sql("UPDATE verification_calls SET called_at = ?", System.currentTimeMillis() - 5 * 60_000 - 1000);
    assertEnvelope(post("user/checkPhone", phoneBody(PHONE)), 401, "ещё не поступил");
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
  }

  @Test
  void aTestNumberIsNeverLoggedInByCheckPhoneOnlyByItsFixedCode() throws Exception {
    // no code and no call: a test number known to anyone must not be a way in
    assertEnvelope(post("user/checkPhone", phoneBody(TEST_PHONE)), 401, "Тестовый номер");
    // not even after a reported call: its proof is the fixed code
    assertThat(reportCall(new JsonObject().put("from", TEST_PHONE).put("to", CONFIRM)).statusCode()).isEqualTo(201);
    assertEnvelope(post("user/checkPhone", phoneBody(TEST_PHONE)), 401, "Тестовый номер");
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
    // requestCode tells it the call method, and it types its fixed code
    assertThat(post("user/requestCode", phoneBody(TEST_PHONE)).bodyAsJsonObject().getJsonObject("data").getString("method")).isEqualTo("outgoingCall");
    HttpResponse<Buffer> ok = post("user/confirmCode", codeBody(TEST_PHONE, TEST_CODE));
    assertThat(ok.statusCode()).as(TestNode.status(ok)).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getJsonObject("data").getString("accessToken")).isNotBlank();
  }

  @Test
  void badReportsAreRefusedAndStoreNothing() throws Exception {
    Object[][] cases = {
        {new JsonObject().put("from", PHONE), 422, "to is required"},
        {new JsonObject().put("to", CONFIRM), 422, "from is required"},
        {new JsonObject().put("from", PHONE).put("to", "+74959999999"), 422, "to must be one of otp.confirmationNumbers"},
        {new JsonObject().put("from", "123").put("to", CONFIRM), 422, "from must be the caller's phone number"},
        {new JsonObject().put("from", 79001234567L).put("to", CONFIRM), 422, "from must be a string"},
        {new JsonObject().put("from", PHONE).put("to", CONFIRM).put("at", 5), 422, "unknown field at"},
        {Buffer.buffer("{\"from\":"), 400, "not valid JSON"},
        {Buffer.buffer(""), 400, "empty"},
    };
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = reportCall(c[0]);
      assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo((int) c[1]);
      assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo((int) c[1]);
      assertThat(r.bodyAsJsonObject().getString("message")).contains((String) c[2]);
    }
    assertThat(await(node.http(HttpMethod.POST, "/integration/v1/verification-calls")
        .sendJsonObject(new JsonObject().put("from", PHONE).put("to", CONFIRM))).statusCode()).isEqualTo(401);
    assertThat(count("SELECT COUNT(*) FROM verification_calls")).isZero();
    // bad checkPhone input
    assertEnvelope(post("user/checkPhone", new JsonObject()), 422, "userPhone is required");
    assertEnvelope(post("user/checkPhone", phoneBody("12")), 422, "нужно 11 цифр");
    assertEnvelope(post("user/checkPhone", phoneBody(PHONE).put("platform", 9)), 422, "platform must be between 0 and 2");
  }
}
