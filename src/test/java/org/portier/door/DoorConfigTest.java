package org.portier.door;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.testing.ConfigProblems;
import org.portier.config.Config;
import org.portier.config.ConfigLoader;

/** The [door] section: defaults, and every bad value refused with its key. */
class DoorConfigTest {
  private static List<String> problems(String toml) {
    return ConfigProblems.of(toml);
  }

  @Test
  void defaultsAndLimits() {
    Config c = ConfigLoader.fromToml("", "test.toml");
    assertThat(c.duration("door.openTimeout")).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.number("door.opensPerMinute")).isEqualTo(10);
    assertThat(problems("[door]\nopenTimeout = \"250ms\"\nopensPerMinute = 0\n")).isEmpty();
    assertThat(problems("[door]\nopenTimeout = \"soon\"\n")).singleElement().asString().startsWith("test.toml: door.openTimeout: ");
    assertThat(problems("[door]\nopenTimeout = \"50ms\"\n")).containsExactly("test.toml: door.openTimeout: must be between 100ms and 30s");
    assertThat(problems("[door]\nopenTimeout = \"1m\"\n")).containsExactly("test.toml: door.openTimeout: must be between 100ms and 30s");
    assertThat(problems("[door]\nopensPerMinute = -1\n")).containsExactly("test.toml: door.opensPerMinute: must be between 0 (no limit) and 1000");
    assertThat(problems("[door]\nopensPerMinute = \"ten\"\n")).containsExactly("test.toml: door.opensPerMinute: must be a number");
    assertThat(problems("[door]\nopenTimeot = \"3s\"\n")).containsExactly("test.toml: door.openTimeot: unknown key");
  }
}
