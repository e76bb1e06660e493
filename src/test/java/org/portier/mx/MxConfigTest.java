package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.portier.config.Config;
import org.portier.config.ConfigLoader;
import org.portier.config.ConfigValidator;

class MxConfigTest {
  @Test
  void theDefaultsAreTheReferenceClientsTimings() {
    MxSettings s = MxSettings.from(new Config(ConfigLoader.defaults()));
    assertThat(s).isEqualTo(new MxSettings("", false, Duration.ofSeconds(20), Duration.ofSeconds(7), Duration.ofSeconds(60),
        Duration.ofSeconds(150), Duration.ofSeconds(1), Duration.ofSeconds(60)));
  }

  @Test
  void badValuesAreNamed() {
    assertThat(check(new JsonObject().put("replyTimeout", "soon"))).anyMatch(e -> e.startsWith("mx.replyTimeout:"));
    assertThat(check(new JsonObject().put("reconnectMin", "10s").put("reconnectMax", "1s")))
        .contains("mx.reconnectMax: must not be shorter than mx.reconnectMin");
    assertThat(check(new JsonObject().put("keepalive", "60s").put("readIdleTimeout", "30s")))
        .contains("mx.readIdleTimeout: must be longer than mx.keepalive");
    assertThat(check(new JsonObject().put("trustedCert", "/nonexistent/mx.pem"))).contains("mx.trustedCert: cannot read /nonexistent/mx.pem");
    assertThat(check(new JsonObject().put("connectTimeout", "1ms"))).contains("mx.connectTimeout: must be at least 10ms");
    assertThat(check(new JsonObject().put("nonsense", 1))).anyMatch(e -> e.contains("mx.nonsense"));
    assertThat(check(new JsonObject().put("insecureTrustAll", "yes"))).anyMatch(e -> e.startsWith("mx.insecureTrustAll:"));
    assertThat(check(new JsonObject().put("keepalive", "200ms").put("readIdleTimeout", "300ms"))).isEmpty();
  }

  private static java.util.List<String> check(JsonObject mx) {
    return ConfigValidator.check(new JsonObject().put("mx", mx));
  }
}
