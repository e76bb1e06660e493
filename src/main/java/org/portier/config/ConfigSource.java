package org.portier.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.portier.security.Secrets;

/**
 * Where a node's configuration comes from: the file the operator edits (watched for changes and
 * named in every reload's log line) and how it becomes a {@link Config}. Usually that is the file
 * itself; the demo regenerates its own file from the operator's on every load. Blocking: call
 * {@link #load} off the event loop.
 */
public interface ConfigSource {
  /** The file the operator edits. */
  Path file();

  /**
   * Reads and validates. On a reload ({@code reload} true) an empty file is refused: it is almost
   * always an editor or a copy caught mid-write, and would silently reset every key (API keys
   * included) to its default.
   */
  Loaded load(boolean reload);

  /** A validated config, the digest of the operator's text it came from, and what was read (for the log). */
  record Loaded(Config config, String digest, String read) {}

  /** The operator's file, loaded as it is. */
  static ConfigSource of(Path file) {
    return new ConfigSource() {
      @Override
      public Path file() {
        return file;
      }

      @Override
      public Loaded load(boolean reload) {
        String text = read(file, reload);
        return new Loaded(ConfigLoader.fromToml(text, file.toString()), digest(text), file.toString());
      }
    };
  }

  /** The file's text; ConfigException when it cannot be read, or when it is blank on a reload. */
  static String read(Path file, boolean reload) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    if (reload && text.isBlank()) throw new ConfigException(List.of(file + ": the file is empty"));
    return text;
  }

  static String digest(String text) {
    return Secrets.sha256Hex(text);
  }
}
