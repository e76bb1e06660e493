package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.config.ConfigValidator;

/** The [doorcall], [turn] and [sip] keys the door-call capability added, checked at load. */
class DoorCallConfigTest {
  private static List<String> check(String section, String key, Object value) {
    return ConfigValidator.check(new JsonObject().put(section, new JsonObject().put(key, value)));
  }

  @Test
  void defaultsAndSensibleValuesPass() {
    assertThat(ConfigValidator.check(new JsonObject())).isEmpty();
    assertThat(check("doorcall", "ttl", "2s")).isEmpty();
    assertThat(check("sip", "asteriskTransport", "transport-tcp")).isEmpty();
    assertThat(check("sip", "asteriskCodecs", "alaw,ulaw,h264")).isEmpty();
  }

  @Test
  void badValuesAreRefusedWithTheirKey() {
    assertThat(check("doorcall", "ttl", "1s")).anyMatch(e -> e.startsWith("doorcall.ttl: must be between 2s and 1h"));
    assertThat(check("doorcall", "snapshotTimeout", "10ms")).anyMatch(e -> e.startsWith("doorcall.snapshotTimeout"));
    assertThat(check("doorcall", "snapshotMaxBytes", 10)).anyMatch(e -> e.startsWith("doorcall.snapshotMaxBytes"));
    assertThat(check("turn", "ttl", "5s")).anyMatch(e -> e.startsWith("turn.ttl"));
    assertThat(check("sip", "asteriskTransport", "tcp transport")).anyMatch(e -> e.startsWith("sip.asteriskTransport"));
    assertThat(check("sip", "asteriskContext", "")).anyMatch(e -> e.startsWith("sip.asteriskContext"));
    assertThat(check("sip", "asteriskCodecs", "alaw;h264")).anyMatch(e -> e.startsWith("sip.asteriskCodecs"));
  }
}
