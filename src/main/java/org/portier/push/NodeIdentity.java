package org.portier.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.portier.config.Config;
import org.portier.security.Secrets;

/**
 * This node's name as an outbox row owner: random once, then kept in {@code push-node.id} next to
 * the store's key file, so a node restarted on the same data directory is the same owner and
 * resumes its rows at once instead of waiting for their leases to run out.
 */
final class NodeIdentity {
  private NodeIdentity() {}

  /** Reads or creates the file: blocking, call it off the event loop. */
  static String load(Config c) throws IOException {
    Path dir = Path.of(c.string("store.secretKeyFile")).toAbsolutePath().getParent();
    Path file = dir.resolve("push-node.id");
    if (Files.exists(file)) {
      String id = Files.readString(file).trim();
      if (id.matches("[0-9a-f]{16}")) return id;
    }
    Files.createDirectories(dir);
    String id = Secrets.randomHex(8);
    Files.writeString(file, id + "\n");
    return id;
  }
}
