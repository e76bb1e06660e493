package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.config.ConfigValidator;
import org.portier.testing.TestNode;

/** The shared check of a 429 answer, and the validation of the limit keys. */
class LimitsTest {
  private static final String PHONE = "79001234567";

  static long retryAfter(HttpResponse<Buffer> r) {
    MobileTestBase.assertEnvelope(r, 429, "Слишком много запросов");
    assertThat(r.bodyAsJsonObject().containsKey("data")).isFalse();
    return Long.parseLong(r.getHeader("Retry-After"));
  }

  @Test
  void configRefusesMalformedLimits() {
    JsonObject bad = new JsonObject().put("mobile", new JsonObject().put("maxDevices", -1).put("maxDevicesStrategy", "replace")
        .put("limits", new JsonObject().put("requestCodePerPhone", "3 per 10m").put("requestCodePerIp", "0/1m").put("checkPhonePerIp", "5/0s"))
        .put("helpMe", new JsonObject().put("server", "sip.example.org").put("port", 70000).put("transport", "ws"))
        .put("options", new JsonObject().put("payments", "yes").put("activeTab", "cameras"))
        .put("appVersion", new JsonObject().put("minIos", "latest")))
        .put("otp", new JsonObject().put("method", "outgoingCall").put("callWindow", "2h"));
    List<String> errors = ConfigValidator.check(bad);
    assertThat(String.join("\n", errors)).contains("mobile.maxDevices:", "mobile.maxDevicesStrategy:", "mobile.limits.requestCodePerPhone:",
        "mobile.limits.requestCodePerIp:", "mobile.limits.checkPhonePerIp:", "mobile.helpMe.port:", "mobile.helpMe.transport:",
        "mobile.helpMe.extension:", "mobile.options.payments:", "mobile.options.activeTab:", "mobile.appVersion.minIos:",
        "otp.confirmationNumbers:", "otp.callWindow:");
    assertThat(ConfigValidator.check(new JsonObject().put("otp", new JsonObject().put("confirmationNumbers", new JsonArray().add("call me")))))
        .anyMatch(e -> e.startsWith("otp.confirmationNumbers:"));
    assertThat(ConfigValidator.check(new JsonObject().put("mobile", new JsonObject().put("limits", new JsonObject().put("requestCodePerIp", "")))))
        .isEmpty();
    assertThat(ConfigValidator.check(new JsonObject())).isEmpty();
  }
}
