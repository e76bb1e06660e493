package org.portier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.testing.ConfigProblems;

/** Numbers in the operator's file: beyond a long, fractional or outside a key's natural range, each refused naming its key. */
class ConfigNumberRangeTest {

  private static List<String> problems(String toml) {
    return ConfigProblems.of(toml);
  }

  @Test
  void aNumberBeyondALongIsRefusedNotWrapped() {
    assertThat(problems("[otp]\nmaxAttempts = 99999999999999999999999\n")).singleElement().asString()
        .startsWith("test.toml: otp.maxAttempts:").contains("out of range");
    // 2^64 would be 0 once wrapped, 2^64 + 8080 a valid-looking port
    assertThat(problems("[http]\nport = 18446744073709559696\n")).singleElement().asString().startsWith("test.toml: http.port:");
    assertThat(problems("[sip]\nextensionFrom = 18446744073709551616\n")).singleElement().asString().startsWith("test.toml: sip.extensionFrom:");
  }

  @Test
  void aFractionWhereAWholeNumberIsExpectedIsRefused() {
    assertThat(problems("[otp]\nmaxAttempts = 5.5\n")).singleElement().asString()
        .startsWith("test.toml: otp.maxAttempts:").contains("whole number");
    assertThat(problems("[http]\nport = 8080.0\n")).singleElement().asString().startsWith("test.toml: http.port:").contains("whole number");
    assertThat(problems("[push]\nmaxInFlight = 1e3\n")).singleElement().asString().startsWith("test.toml: push.maxInFlight:");
  }

  @Test
  void keysWithANaturalRangeAreCheckedAtBothEnds() {
    assertThat(problems("[otp]\nmaxAttempts = 0\n")).singleElement().asString().contains("otp.maxAttempts: must be at least 1");
    assertThat(problems("[otp]\nmaxAttempts = 1000000\n")).singleElement().asString().contains("otp.maxAttempts: must be at most 100");
    assertThat(problems("[http]\nport = 0\n")).singleElement().asString().contains("http.port").contains("1-65535");
    assertThat(problems("[http]\nport = 65536\n")).singleElement().asString().contains("http.port").contains("1-65535");
    assertThat(problems("[store]\npoolSize = 100000\n")).singleElement().asString().contains("store.poolSize: must be at most 1000");
    assertThat(problems("[push]\nmaxAttempts = 9223372036854775807\n")).singleElement().asString().contains("push.maxAttempts: must be at most 1000");
    assertThat(problems("[http]\nbodyLimit = 9223372036854775807\n")).singleElement().asString().contains("http.bodyLimit: must be at most 67108864");
    assertThat(problems("[mobile]\nmaxDevices = -1\n")).singleElement().asString().contains("mobile.maxDevices");
    assertThat(problems("[sip]\nextensionFrom = 5\n")).singleElement().asString().contains("sip.extensionFrom");
    assertThat(problems("[sip]\nextensionFrom = 2000000001\nextensionTo = 2000000002\n")).singleElement().asString().contains("sip.extensionTo");
    // values inside the ranges stay accepted
    assertThat(problems("[otp]\nmaxAttempts = 100\n[http]\nport = 65535\nbodyLimit = 1024\n[store]\npoolSize = 1000\n")).isEmpty();
  }
}
