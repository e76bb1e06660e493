package org.portier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.testing.ConfigProblems;

/** The public listener's keys are checked at load, each problem naming its key. */
class HttpConfigTest {
  private static List<String> problems(String toml) {
    return ConfigProblems.of(toml);
  }

  @Test
  void safeDefaultsAndValidValuesLoad() {
    Config c = ConfigLoader.fromToml("", "test.toml");
    assertThat(c.duration("http.requestTimeout").toSeconds()).isEqualTo(10);
    assertThat(c.duration("http.idleTimeout").toSeconds()).isEqualTo(30);
    assertThat(c.number("http.maxConnections")).isEqualTo(10_000);
    assertThat(c.number("http.maxConnectionsPerIp")).isEqualTo(256);
    assertThat(problems("[http]\ntrustedProxies = [\"10.0.0.0/8\", \"203.0.113.7\", \"fd00::/8\"]\n")).isEmpty();
  }

  @Test
  void badValuesAreRefusedWithTheirKey() {
    assertThat(problems("[http]\nrequestTimeout = \"soon\"\n")).singleElement().asString().contains("http.requestTimeout");
    assertThat(problems("[http]\nidleTimeout = \"2h\"\n")).singleElement().asString().contains("http.idleTimeout");
    assertThat(problems("[http]\nmaxConnections = 0\n")).anyMatch(p -> p.contains("http.maxConnections:"));
    assertThat(problems("[http]\nmaxConnections = 10\nmaxConnectionsPerIp = 20\n")).singleElement().asString().contains("http.maxConnectionsPerIp");
    assertThat(problems("[http]\ntrustedProxies = [\"proxy.example.org\"]\n")).singleElement().asString()
        .contains("http.trustedProxies").contains("proxy.example.org");
    assertThat(problems("[mobile.limits]\ntrustedProxies = [\"10.0.0.0/33\"]\n")).singleElement().asString()
        .contains("mobile.limits.trustedProxies");
  }
}
