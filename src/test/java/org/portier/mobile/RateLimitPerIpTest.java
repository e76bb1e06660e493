package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** Each login method counts its own requests per IP. */
class RateLimitPerIpTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Override
  protected void configure(TestNode node) {
    node.set("mobile.limits.checkPhonePerIp", "3/1m").set("mobile.limits.confirmCodePerIp", "1/1m");
  }

  @Test
  void eachMethodHasItsOwnIpCounter() throws Exception {
    for (int i = 0; i < 3; i++) assertEnvelope(post("user/checkPhone", phoneBody("7900123456" + i)), 401, "ещё не поступил");
    LimitsTest.retryAfter(post("user/checkPhone", phoneBody("79001234569")));
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, "1234")), 404, "запросите новый код");
    LimitsTest.retryAfter(post("user/confirmCode", codeBody(PHONE, "1234")));
  }
}
