package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.config.ConfigValidator;

/** The push part of config validation: a bad value is refused at load, not at the first push. */
class PushConfigTest {
  private static List<String> check(JsonObject push) {
    return ConfigValidator.check(new JsonObject().put("push", push));
  }

  @Test
  void refusesBadPushValuesWithTheirKeys() {
    assertThat(check(new JsonObject().put("maxInFlight", 0))).contains("push.maxInFlight: must be at least 1");
    assertThat(check(new JsonObject().put("lease", "500ms"))).contains("push.lease: must be at least 1s");
    assertThat(check(new JsonObject().put("lease", "soon"))).anyMatch(e -> e.startsWith("push.lease: "));
    assertThat(check(new JsonObject().put("retryBase", "10s").put("retryMax", "1s")))
        .contains("push.retryMax: must not be shorter than push.retryBase");
    assertThat(check(new JsonObject().put("fcm", new JsonObject().put("threads", 0)))).contains("push.fcm.threads: must be between 1 and 256");
    assertThat(check(new JsonObject().put("fcm", new JsonObject().put("endpoint", "127.0.0.1:9")))).anyMatch(e -> e.startsWith("push.fcm.endpoint:"));
    assertThat(check(new JsonObject().put("fcm", new JsonObject().put("serviceAccount", "/nonexistent/sa.json"))))
        .contains("push.fcm.serviceAccount: cannot read /nonexistent/sa.json");
    assertThat(check(new JsonObject().put("apns", new JsonObject().put("p8", "/nonexistent/k.p8").put("teamId", "TEAMID0001")
        .put("keyId", "KEYID00001").put("bundle", "org.example")))).contains("push.apns.p8: cannot read /nonexistent/k.p8");
  }

  @Test
  void theDefaultsAreValid() {
    assertThat(check(new JsonObject())).isEmpty();
  }
}
