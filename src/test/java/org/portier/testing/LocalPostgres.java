package org.portier.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL cluster on loopback (Debian's postgresql package, installed by
 * scripts/ensure-peers). Missing binaries skip the test locally but fail it under CI=true.
 */
public final class LocalPostgres implements AutoCloseable {
  public final int port;
  private final Path dir;
  private final Path bin;
  private final boolean root;

  private LocalPostgres(Path bin, Path dir, int port, boolean root) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.root = root;
  }

  public static LocalPostgres start() throws Exception {
    Path bin = findBin();
    if (bin == null) {
      String msg = "PostgreSQL server binaries not found (apt-get install postgresql; scripts/ensure-peers does it)";
      if ("true".equals(System.getenv("CI"))) throw new AssertionError(msg);
      Assumptions.abort(msg);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("portier-pg");
    if (root) run(List.of("chown", "postgres:postgres", dir.toString()), false);
    int port = TestNode.freePort();
    LocalPostgres pg = new LocalPostgres(bin, dir, port, root);
    pg.exec(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8");
    pg.exec(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60", "-l", dir.resolve("log").toString(),
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    return pg;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private static Path findBin() {
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions == null) return null;
    for (File v : versions) {
      Path b = v.toPath().resolve("bin");
      if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))) return b;
    }
    return null;
  }

  private void exec(String... cmd) throws Exception {
    List<String> full = new ArrayList<>();
    if (root) full.addAll(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(cmd));
    run(full, true);
  }

  private static void run(List<String> cmd, boolean check) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("timed out: " + cmd);
    if (check && p.exitValue() != 0) throw new AssertionError(cmd + " failed: " + out);
  }

  @Override
  public void close() throws Exception {
    exec(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
  }
}
