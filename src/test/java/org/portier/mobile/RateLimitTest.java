package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** Rate limits of requestCode, confirmCode and checkPhone per phone and per IP: 429, Retry-After, nothing sent or stored. */
class RateLimitTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Override
  protected void configure(TestNode node) {
    node.set("mobile.limits.requestCodePerPhone", "2/10m").set("mobile.limits.requestCodePerIp", "5/1m")
        .set("mobile.limits.confirmCodePerPhone", "3/10m").set("mobile.limits.checkPhonePerPhone", "2/1m")
        .set("otp.ttl", "10s");
  }

  @Test
  void requestCodeIsLimitedPerPhoneThenPerIp() throws Exception {
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    sms.next();
    sql("DELETE FROM otp_challenges");
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    sms.next();
    sql("DELETE FROM otp_challenges");
    // third request for the same phone within 10 minutes: 429 with the seconds left of the window
    long wait = LimitsTest.retryAfter(post("user/requestCode", phoneBody(PHONE)));
    assertThat(wait).isBetween(590L, 600L);
    assertThat(sms.isIdle()).isTrue();
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
    // other phones still pass until the IP has made 5 requests in the minute (3 so far)
    assertThat(post("user/requestCode", phoneBody("79001234568")).statusCode()).isEqualTo(200);
    sms.next();
    assertThat(post("user/requestCode", phoneBody("79001234569")).statusCode()).isEqualTo(200);
    sms.next();
    long ipWait = LimitsTest.retryAfter(post("user/requestCode", phoneBody("79001234570")));
    assertThat(ipWait).isBetween(1L, 60L);
    // even a malformed request counts against the IP, and is refused before it is read
    LimitsTest.retryAfter(post("user/requestCode", new JsonObject()));
  }

  @Test
  void confirmCodeIsLimitedPerPhoneWhateverTheCode() throws Exception {
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    String code = codeFrom(sms.next());
    String wrong = code.equals("0000") ? "1111" : "0000";
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, wrong)), 403, "неверно");
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, wrong)), 403, "неверно");
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, wrong)), 403, "неверно");
    LimitsTest.retryAfter(post("user/confirmCode", codeBody(PHONE, code)));
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
    assertThat(rows("SELECT attempts FROM otp_challenges").get(0).getInteger(0)).isEqualTo(3);
  }

  @Test
  void checkPhoneIsLimitedPerPhone() throws Exception {
    assertEnvelope(post("user/checkPhone", phoneBody(PHONE)), 401, "ещё не поступил");
    assertEnvelope(post("user/checkPhone", phoneBody(PHONE)), 401, "ещё не поступил");
    assertThat(LimitsTest.retryAfter(post("user/checkPhone", phoneBody(PHONE)))).isBetween(1L, 60L);
    assertEnvelope(post("user/checkPhone", phoneBody("79001234568")), 401, "ещё не поступил");
  }
}
