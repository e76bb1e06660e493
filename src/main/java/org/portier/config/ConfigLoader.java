package org.portier.config;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads conf/portier.toml (or another file), lays it over the built-in defaults and validates it. Blocking. */
public final class ConfigLoader {
  private static final TomlMapper TOML = new TomlMapper();
  private ConfigLoader() {}

  /** The built-in defaults (every known key). */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.toml")) {
      return toJson(TOML.readValue(in, Map.class));
    } catch (IOException e) {
      throw new IllegalStateException("built-in defaults unreadable", e);
    }
  }

  /** Parses TOML text; throws ConfigException with the parser's message (line and column) when it is not TOML. */
  public static JsonObject parse(String toml, String origin) {
    try {
      return toJson(TOML.readValue(toml, Map.class));
    } catch (IOException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      throw new ConfigException(List.of(origin + ": not valid TOML: " + msg));
    }
  }

  /** Loads, merges and validates; throws ConfigException listing every problem. */
  public static Config load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    return fromToml(text, file.toString());
  }

  public static Config fromToml(String text, String origin) {
    JsonObject user = parse(text, origin);
    List<String> errors = ConfigValidator.check(user);
    if (!errors.isEmpty()) throw new ConfigException(errors.stream().map(e -> origin + ": " + e).toList());
    return new Config(defaults().mergeIn(user, true));
  }

  @SuppressWarnings("unchecked")
  private static JsonObject toJson(Map<?, ?> map) {
    return map == null ? new JsonObject() : new JsonObject((Map<String, Object>) map).copy();
  }
}
