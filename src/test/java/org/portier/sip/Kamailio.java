package org.portier.sip;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Kamailio (Debian packages kamailio, kamailio-utils-modules, kamailio-extra-modules,
 * installed by scripts/ensure-peers) in the foreground on a loopback UDP port, with its runtime
 * and working directory in a temp dir, and SIPp (package sip-tester) as the phone. Kamailio's own
 * process is stopped by its handle, its children with it. When a program is missing or does not
 * start, the test fails under CI=true and is skipped elsewhere.
 */
final class Kamailio implements AutoCloseable {
  final int port;
  final Path dir;
  final Path log;
  private final Process process;

  private Kamailio(int port, Path dir, Path log, Process process) {
    this.port = port;
    this.dir = dir;
    this.log = log;
    this.process = process;
  }

  /** The path of a program on PATH (or in the usual Debian places), or null. */
  static String binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/bin"
        + File.pathSeparator + "/usr/local/sbin" + File.pathSeparator + "/usr/local/bin";
    for (String d : path.split(File.pathSeparator)) {
      File f = new File(d, name);
      if (!d.isEmpty() && f.canExecute()) return f.getAbsolutePath();
    }
    return null;
  }

  /** Fails under CI=true, otherwise skips the test (JUnit assumption). */
  static void unavailable(String why) {
    String msg = "Kamailio and SIPp are required (run scripts/ensure-peers): " + why;
    if ("true".equals(System.getenv("CI"))) fail(msg);
    Assumptions.abort(msg);
  }

  /** The program, or a failure/skip naming the package that brings it. */
  static String required(String name, String pkg) {
    String b = binary(name);
    if (b == null) unavailable(name + " not found (Debian package " + pkg + ")");
    return b;
  }

  /** The directory holding the modules the example needs (http_client.so and jansson.so come from separate packages). */
  static Path modules() {
    List<Path> candidates = new ArrayList<>();
    for (String base : List.of("/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/local/lib64")) {
      Path b = Path.of(base);
      candidates.add(b.resolve("kamailio/modules"));
      try (var s = Files.list(b)) {
        s.forEach(p -> candidates.add(p.resolve("kamailio/modules")));
      } catch (IOException | RuntimeException e) {
        // no such directory
      }
    }
    for (Path c : candidates) {
      if (Files.exists(c.resolve("auth.so")) && Files.exists(c.resolve("http_client.so")) && Files.exists(c.resolve("jansson.so"))) return c;
    }
    unavailable("no Kamailio module directory with auth.so, http_client.so (kamailio-utils-modules) and jansson.so"
        + " (kamailio-extra-modules)");
    return null;
  }

  /** One run of a program: its exit code and everything it printed. */
  record Run(int exitCode, String output) {}

  static Run run(Path dir, List<String> command, int timeoutSeconds) throws Exception {
    Path out = Files.createTempFile(dir, "run", ".txt");
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    } catch (IOException e) {
      unavailable("cannot start " + command.get(0) + ": " + e.getMessage());
      throw e;
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      stop(p);
      return new Run(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(out, StandardCharsets.ISO_8859_1));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
  }

  /** kamailio -c: parses the config and loads its modules without listening. */
  static Run check(Path cfg, String... defines) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(required("kamailio", "kamailio"), "-c", "-f", cfg.toString()));
    for (String d : defines) {
      cmd.add("-A");
      cmd.add(d);
    }
    return run(cfg.getParent(), cmd, 30);
  }

  /** Starts kamailio in the foreground (-DD), logging to stderr (-E) into a file, and waits until it answers SIP. */
  static Kamailio start(Path dir, Path cfg, int port) throws Exception {
    Path runtime = Files.createDirectories(dir.resolve("run"));
    Path log = dir.resolve("kamailio.log");
    ProcessBuilder pb = new ProcessBuilder(required("kamailio", "kamailio"), "-f", cfg.toString(), "-DD", "-E",
        "-m", "32", "-M", "8", "-w", runtime.toString(), "-Y", runtime.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      unavailable("cannot start kamailio: " + e.getMessage());
      throw e;
    }
    Kamailio k = new Kamailio(port, dir, log, p);
    try {
      k.awaitReady();
    } catch (Exception | AssertionError e) {
      k.close();
      unavailable("kamailio did not start: " + e.getMessage() + "\n" + k.logText());
    }
    return k;
  }

  /** Ready when an OPTIONS on its UDP port gets any SIP answer. */
  private void awaitReady() throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(200);
      int n = 0;
      while (System.currentTimeMillis() < deadline) {
        if (!process.isAlive()) throw new IllegalStateException("kamailio exited with " + process.exitValue());
        String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bK-ready-" + (++n) + "\r\n"
            + "From: <sip:ready@127.0.0.1>;tag=ready\r\nTo: <sip:127.0.0.1:" + port + ">\r\nCall-ID: ready-" + n + "@127.0.0.1\r\n"
            + "CSeq: " + n + " OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        String answer = exchange(s, options);
        if (answer != null && answer.startsWith("SIP/2.0 ")) return;
      }
    }
    throw new IllegalStateException("no SIP answer within 20 s");
  }

  /** Sends one UDP datagram to Kamailio and returns the first answer, or null when none came within the socket's timeout. */
  String exchange(DatagramSocket s, String message) throws IOException {
    byte[] out = message.getBytes(StandardCharsets.UTF_8);
    s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
    byte[] in = new byte[65535];
    DatagramPacket p = new DatagramPacket(in, in.length);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stop(process);
  }

  /** SIGTERM to the process (Kamailio's main process then stops its children), SIGKILL to whatever is left. */
  static void stop(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    children.forEach(c -> {
      if (c.isAlive()) c.destroyForcibly();
    });
  }
}
