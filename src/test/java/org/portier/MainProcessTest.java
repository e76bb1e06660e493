package org.portier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/**
 * Portier as its own process, with the shipped logback.xml: dated log lines, the start and
 * shutdown lines, the SIGHUP warning under nohup, and --version exiting before anything starts.
 */
class MainProcessTest {
  private static final String ISO_LINE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z .*";

  private static List<String> command(String... args) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cp, "-Dlogback.configurationFile=" + Path.of("target/classes/logback.xml").toAbsolutePath(), Main.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Collects the process's output lines on a thread of its own. */
  private static List<String> collect(Process p) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(l);
            lines.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "portier-output");
    t.setDaemon(true);
    t.start();
    return lines;
  }

  private static String await(List<String> lines, Predicate<String> p, long seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (lines) {
      while (true) {
        for (String l : lines) if (p.test(l)) return l;
        long left = end - System.nanoTime();
        if (left <= 0) throw new AssertionError("not seen within " + seconds + " s; output:\n" + String.join("\n", lines));
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Test
  void versionPrintsAndExitsWithoutStarting() throws Exception {
    Process p = new ProcessBuilder(command("--version")).redirectErrorStream(true).start();
    List<String> out = collect(p);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    await(out, l -> l.matches("portier \\d+\\.\\d+\\.\\d+.*"), 5);
    assertThat(out).noneMatch(l -> l.contains("started"));
  }

  @Test
  void underNohupTheStartWarnsThatSighupIsIgnoredAndAStopIsLogged() throws Exception {
    TestNode node = TestNode.inTempDir();
    node.writeConfig();
    List<String> cmd = new ArrayList<>(List.of("nohup"));
    cmd.addAll(command(node.configFile().toString()));
    Process p = new ProcessBuilder(cmd).directory(node.dir.toFile()).redirectErrorStream(true).start();
    try {
      List<String> out = collect(p);
      String started = await(out, l -> l.contains("Portier ") && l.contains(" started on "), 90);
      assertThat(started).matches(ISO_LINE).contains("integration http://127.0.0.1:" + node.httpPort + "/integration/v1/");
      assertThat(await(out, l -> l.contains("SIGHUP does not reload the config"), 5)).matches(ISO_LINE).contains("started with SIGHUP ignored");
      // SIGTERM, as a service manager stops it (Process.destroy would also close our end of its output)
      assertThat(p.toHandle().destroy()).isTrue();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      await(out, l -> l.contains("Portier stopping"), 5);
      assertThat(await(out, l -> l.contains("Portier stopped in"), 5)).matches(ISO_LINE);
    } finally {
      p.destroyForcibly();
    }
    assertThat(Files.exists(node.dir.resolve("nohup.out"))).isFalse();
  }
}
