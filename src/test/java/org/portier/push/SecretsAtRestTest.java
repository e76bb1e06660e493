package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.FakeFcm;
import org.portier.testing.TestNode;
import org.slf4j.LoggerFactory;

/**
 * A door call's secrets (the leg's one-time SIP password, which is also its snapshot hash, and the
 * TURN password) never reach the disk or the log in clear: the raw database files (.log, .data,
 * .script, .properties, ...) and everything Portier logged are scanned for them, while the node runs
 * and after it stopped. The database directory is private (0700) and its files 0600.
 */
@ExtendWith(VertxExtension.class)
class SecretsAtRestTest {
  private FakeFcm fcm;
  private TestNode node;
  private Vertx vertx;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Logger root;
  private Logger portier;
  private Level portierLevel;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    portier = (Logger) LoggerFactory.getLogger("org.portier");
    portierLevel = portier.getLevel();
    // Portier's own debug lines too: a secret must not appear at any level.
    portier.setLevel(Level.DEBUG);
    logged.start();
    root.addAppender(logged);
    fcm = await(FakeFcm.start(vertx));
    node = TestNode.inTempDir();
    FakeFcm.configure(node, fcm);
    node.set("turn.uri", "turn:turn.portier.test:3478").set("turn.secret", "coturn-static-auth-secret-0123");
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    await(node.stop());
    await(fcm.close());
    root.detachAppender(logged);
    portier.setLevel(portierLevel);
  }

  @Test
  void noDoorCallSecretIsWrittenInClearAndTheDatabaseIsPrivate() throws Exception {
    String house = await(node.create("/houses", new JsonObject().put("address", "ул. Ленина, 1"))).getString("id");
    await(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", 100053).put("doorId", 0).put("name", "Подъезд 1")));
    String flat = await(node.create("/houses/" + house + "/flats", new JsonObject().put("number", "11"))).getString("id");
    String subscriber = await(node.create("/flats/" + flat + "/subscribers", new JsonObject().put("phone", "79001112233"))).getString("id");
    long device = await(node.portier().store().ids().next("devices"));
    long now = System.currentTimeMillis();
    await(node.portier().store().pool().preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform,"
            + " push_service, push_token, last_seen, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(device, Long.parseLong(subscriber), "token-hash-" + device, "fp-" + device, "android", "fcm", "fcm-token-at-rest")
            .addValue(now).addValue(now)));

    HttpResponse<Buffer> call = await(node.integration(io.vertx.core.http.HttpMethod.POST, "/door-calls")
        .sendJsonObject(new JsonObject().put("panelId", 100053).put("flatNumber", "11")));
    assertThat(call.statusCode()).as(TestNode.status(call)).isBetween(200, 299);
    JsonObject data = fcm.await(1).data();
    List<String> secrets = new ArrayList<>();
    secrets.add(data.getString("pass"));
    secrets.add(data.getString("hash"));
    secrets.add(data.getString("turnPassword"));
    assertThat(secrets).as("the push carries the leg's secrets").doesNotContainNull();
    assertThat(secrets.get(0)).hasSizeGreaterThanOrEqualTo(16);

    Path dbDir = node.dir.resolve("db");
    assertNoSecretIn(dbDir, secrets, "while running");
    assertPrivate(dbDir);
    await(node.stop());
    // The clean stop's checkpoint rewrote the files: still no secret, still private.
    assertNoSecretIn(dbDir, secrets, "after a clean stop");
    assertPrivate(dbDir);
    for (ILoggingEvent e : List.copyOf(logged.list)) {
      String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage());
      for (String s : secrets) assertThat(line).as("log line of %s", e.getLoggerName()).doesNotContain(s);
    }
    assertThat(logged.list).as("the log was captured").isNotEmpty();
  }

  private static void assertNoSecretIn(Path dir, List<String> secrets, String when) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("database files " + when).anyMatch(f -> f.getFileName().toString().endsWith(".script"));
    for (Path f : files) {
      byte[] raw = Files.readAllBytes(f);
      for (String s : secrets) {
        assertThat(indexOf(raw, s.getBytes(StandardCharsets.US_ASCII))).as("%s in %s %s", "a door-call secret", f.getFileName(), when).isNegative();
        // HSQLDB may write strings as UTF-16 too
        assertThat(indexOf(raw, s.getBytes(StandardCharsets.UTF_16BE))).as("a door-call secret (UTF-16) in %s %s", f.getFileName(), when)
            .isNegative();
      }
    }
  }

  private static void assertPrivate(Path dir) throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as("mode of %s", dir).isEqualTo("rwx------");
    try (Stream<Path> all = Files.list(dir)) {
      for (Path f : all.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        assertThat(mode).as("mode of %s", f.getFileName()).isEqualTo(Files.isDirectory(f) ? "rwx------" : "rw-------");
      }
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
