package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.config.ConfigValidator;

/** Validation of the [mobile] and [otp] keys this face reads. */
class MobileConfigTest {
  private static List<String> check(String section, JsonObject values) {
    return ConfigValidator.check(new JsonObject().put(section, values));
  }

  @Test
  void smsUrlIsATemplate() {
    assertThat(check("otp", new JsonObject().put("sms", new JsonObject().put("url", "https://sms.example/send?to={phone}&text=Code%20{code}")))).isEmpty();
    assertThat(check("otp", new JsonObject().put("sms", new JsonObject().put("url", "ftp://sms.example/{phone}")))).anyMatch(e -> e.startsWith("otp.sms.url"));
  }

  @Test
  void timeZoneAndOtpBounds() {
    assertThat(check("mobile", new JsonObject().put("timeZone", "Asia/Yekaterinburg"))).isEmpty();
    assertThat(check("mobile", new JsonObject().put("timeZone", "Mars/Olympus"))).anyMatch(e -> e.startsWith("mobile.timeZone"));
    assertThat(check("otp", new JsonObject().put("ttl", "0s"))).anyMatch(e -> e.startsWith("otp.ttl"));
    assertThat(check("otp", new JsonObject().put("sms", new JsonObject().put("timeout", "10ms")))).anyMatch(e -> e.startsWith("otp.sms.timeout"));
    assertThat(check("otp", new JsonObject().put("method", " "))).anyMatch(e -> e.startsWith("otp.method"));
    assertThat(check("otp", new JsonObject().put("testNumbers", new JsonObject().put("79990000001", "12")))).anyMatch(e -> e.contains("4 digits"));
  }
}
