package org.portier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.testing.ConfigProblems;

class ConfigValidationTest {

  private static List<String> problems(String toml) {
    return ConfigProblems.of(toml);
  }

  @Test
  void shippedConfigAndDefaultsAreValid() {
    Config c = ConfigLoader.load(Path.of("conf/portier.toml"));
    assertThat(c.string("sip.transport")).isEqualTo("tcp");
    assertThat(c.duration("doorcall.ttl")).isEqualTo(Duration.ofSeconds(180));
    assertThat(problems("")).isEmpty();
  }

  @Test
  void mxProxyFileIsAccepted() {
    // an MX Proxy 2.1 operator brings their file: its keys are known
    assertThat(problems("""
        provisioning = "https://config.example.org/config"
        dbName = "mxproxy.db"
        adminWeb = "localhost:8043"
        [apps]
          client1 = "client-secret"
        [voip]
          apnTTL = "3m50s"
        [voip.apn]
          "certificate.p12" = "password"
        [jwt]
          tokenTTL = "1h"
          signKeyTTL = "6h"
        """)).isEmpty();
  }

  @Test
  void everyProblemNamesItsKey() {
    assertThat(problems("[http]\nprot = 80\n")).containsExactly("test.toml: http.prot: unknown key");
    assertThat(problems("[http]\nport = \"80\"\n")).containsExactly("test.toml: http.port: must be a number");
    assertThat(problems("[doorcall]\nttl = \"soon\"\n")).singleElement().asString().contains("doorcall.ttl").contains("not a duration");
    assertThat(problems("[sip]\ntransport = \"bogus\"\n")).singleElement().asString().contains("sip:").contains("bogus");
    assertThat(problems("[sip]\nserver = \"bad host!\"\n")).singleElement().asString().contains("sip:").contains("not a valid host name");
    assertThat(problems("[sip]\nport = 99999\n")).singleElement().asString().contains("sip:").contains("99999");
    assertThat(problems("[mobile]\npublicUrl = \"http://x.example/mobile\"\n")).singleElement().asString().contains("mobile.publicUrl");
    assertThat(problems("[turn]\nuri = \"turn:turn.example.org:3478\"\n")).singleElement().asString().contains("turn.secret");
    assertThat(problems("[integration]\napiKeys = [\"short\"]\n")).singleElement().asString().contains("integration.apiKeys");
    assertThat(problems("[otp.testNumbers]\n\"79990000001\" = \"12\"\n")).singleElement().asString().contains("otp.testNumbers.79990000001");
    assertThat(problems("adminWeb = \"nonsense\"\n")).singleElement().asString().contains("adminWeb");
    assertThat(problems("[http\nport=1")).singleElement().asString().contains("not valid TOML");
  }

  @Test
  void durationsParseLikeGo() {
    assertThat(Durations.parse("3m50s")).isEqualTo(Duration.ofSeconds(230));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("6h")).isEqualTo(Duration.ofHours(6));
    assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> Durations.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("5x")).isInstanceOf(IllegalArgumentException.class);
  }
}
