package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** Each login method counts its own requests per IP. */
class RateLimitPerIpTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Override
  protected void configure(TestNode node) {
    node.set("mobile.limits.checkPhonePerIp", "3/1m").set("mobile.limits.confirmCodePerIp", "1/1m")
        .set("mobile.limits.trustedProxies", new io.vertx.core.json.JsonArray().add("127.0.0.1"));
  }

  @Test
  void eachMethodHasItsOwnIpCounter() throws Exception {
    for (int i = 0; i < 3; i++) assertEnvelope(post("user/checkPhone", phoneBody("7900123456" + i)), 401, "ещё не поступил");
    LimitsTest.retryAfter(post("user/checkPhone", phoneBody("79001234569")));
    assertEnvelope(post("user/confirmCode", codeBody(PHONE, "1234")), 404, "запросите новый код");
    LimitsTest.retryAfter(post("user/confirmCode", codeBody(PHONE, "1234")));
  }

  @Test
  void behindATrustedProxyTheForwardedClientIsCounted() throws Exception {
    java.util.Map<String, String> client = java.util.Map.of("X-Forwarded-For", "203.0.113.5");
    for (int i = 0; i < 3; i++) assertEnvelope(post("user/checkPhone", phoneBody("7900123456" + i), null, client), 401, "ещё не поступил");
    LimitsTest.retryAfter(post("user/checkPhone", phoneBody("79001234569"), null, client));
    // a client cannot escape its counter by putting another address in front
    LimitsTest.retryAfter(post("user/checkPhone", phoneBody("79001234569"), null, java.util.Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.5")));
    // another client behind the same proxy has its own counter
    assertEnvelope(post("user/checkPhone", phoneBody("79001234569"), null, java.util.Map.of("X-Forwarded-For", "203.0.113.6")), 401, "ещё не поступил");
  }
}
