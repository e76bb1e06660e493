package org.portier.testing;

import java.util.List;
import org.portier.config.ConfigException;
import org.portier.config.ConfigLoader;

/** What the config loader says of an operator's file given as TOML text: its problems, or none. */
public final class ConfigProblems {
  private ConfigProblems() {}

  /** Each problem as the loader reports it, prefixed with the file name "test.toml". */
  public static List<String> of(String toml) {
    try {
      ConfigLoader.fromToml(toml, "test.toml");
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }
}
