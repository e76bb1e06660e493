package org.portier.turn;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.portier.testing.TestNode;

/**
 * A real coturn (Debian package, installed by scripts/ensure-peers) on loopback with the TURN REST
 * scheme (use-auth-secret). It reads an empty config file instead of /etc/turnserver.conf (which
 * sends the log to syslog), logs to its own file, and is stopped by its own process handle.
 * When the binaries are missing the test fails under CI=true and is skipped elsewhere.
 */
final class Coturn implements AutoCloseable {
  final int port;
  final Path dir;
  final Path log;
  private final Process process;

  private Coturn(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.log = dir.resolve("turnserver.log");
    this.process = process;
  }

  /** The path of a program on PATH (or in the usual Debian places), or null. */
  static String binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin";
    for (String d : path.split(File.pathSeparator)) {
      File f = new File(d, name);
      if (!d.isEmpty() && f.canExecute()) return f.getAbsolutePath();
    }
    return null;
  }

  /** Fails under CI=true, otherwise skips the test (JUnit assumption). */
  static void unavailable(String why) {
    if ("true".equals(System.getenv("CI"))) fail("coturn is required under CI=true (run scripts/ensure-peers): " + why);
    assumeTrue(false, "coturn not available (run scripts/ensure-peers): " + why);
  }

  static Coturn start(String realm, String secret) throws Exception {
    String server = binary("turnserver");
    if (server == null || binary("turnutils_uclient") == null) unavailable("turnserver or turnutils_uclient not found");
    Path dir = Files.createTempDirectory("coturn");
    Path conf = Files.writeString(dir.resolve("empty.conf"), "");
    int port = TestNode.freePort();
    ProcessBuilder pb = new ProcessBuilder(server, "-c", conf.toString(), "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
        "--listening-port=" + port, "--no-tls", "--no-dtls", "--no-cli", "--no-rfc5780", "--allow-loopback-peers",
        "--realm=" + realm, "--use-auth-secret", "--static-auth-secret=" + secret,
        "--log-file=" + dir.resolve("turnserver.log"), "--simple-log", "--no-stdout-log",
        "--pidfile=" + dir.resolve("turnserver.pid"), "--db=" + dir.resolve("turndb"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      unavailable("cannot start turnserver: " + e.getMessage());
      throw e;
    }
    Coturn c = new Coturn(port, dir, p);
    try {
      c.awaitReady();
    } catch (Exception | AssertionError e) {
      c.close();
      unavailable("turnserver did not become ready: " + e.getMessage() + "\n" + c.logTail());
    }
    return c;
  }

  /** Ready when its log says the servers are up and its TCP listener accepts a connection. */
  private void awaitReady() throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("turnserver exited with " + process.exitValue());
      if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains("Total General servers")) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return;
        } catch (IOException notYet) {
          // listener not open yet
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("not ready within 20 s");
  }

  /** Result of one turnutils_uclient run. */
  record Allocation(int exitCode, String output) {
    boolean allocated() {
      return exitCode == 0 && output.contains("Total lost packets 0");
    }
  }

  /** Allocates a relay and sends 3 messages through it, as the notes' check does. */
  Allocation allocate(String username, String password) throws Exception {
    Path out = Files.createTempFile(dir, "uclient", ".txt");
    Process p = new ProcessBuilder(binary("turnutils_uclient"), "-y", "-n", "3", "-m", "1", "-u", username, "-w", password,
        "-p", Integer.toString(port), "127.0.0.1").redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Allocation(-1, "timed out\n" + Files.readString(out, StandardCharsets.ISO_8859_1));
    }
    return new Allocation(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
