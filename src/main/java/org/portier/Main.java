package org.portier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.portier.config.ConfigException;
import org.portier.demo.DemoMode;
import org.portier.demo.DemoSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code portier [--demo] [config.toml]} (default conf/portier.toml); --demo: see {@link org.portier.demo.DemoMode}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final String USAGE = """
      Usage: portier [--demo] [config.toml]
             portier --help | --version

        config.toml   the configuration file (default conf/portier.toml); every key is listed in README.md
        --demo        also start an MX simulator, a provisioning service and sample data, on a separate
                      store under data-demo/ (public demo keys: never on a real node)
        --help, -h    print this help and exit
        --version, -V print the version and exit

      Reloads its configuration on SIGHUP, when the file changes and on POST /admin/reload.
      """;

  private Main() {}

  public static void main(String[] args) {
    Integer exit = answer(args, System.out, System.err);
    if (exit != null) System.exit(exit);
    boolean demo = args.length > 0 && args[0].equals("--demo");
    if (demo) args = java.util.Arrays.copyOfRange(args, 1, args.length);
    Path config = Path.of(args.length > 0 ? args[0] : "conf/portier.toml");
    if (!Files.isRegularFile(config)) {
      System.err.println("portier: config file " + config + " not found");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    // In place before the start, so a stop that comes while Portier starts is logged too.
    AtomicReference<Supplier<Future<Void>>> stop = new AtomicReference<>();
    Thread hook = new Thread(() -> shutdown(vertx, stop.get()), "portier-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Future<Supplier<Future<Void>>> started = demo
        ? DemoMode.start(vertx, config, DemoSettings.defaults()).map(d -> d::stop)
        : Portier.start(vertx, config).map(p -> p::stop);
    started.onSuccess(stop::set).onFailure(e -> {
      if (e instanceof ConfigException ce) {
        ce.problems().forEach(p -> System.err.println("portier: config error: " + p));
      } else {
        LOG.error("Portier failed to start", e);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyStopping) {
        // the hook is running: it closes Vert.x itself
      }
      vertx.close();
      System.exit(1);
    });
  }

  /**
   * The answer to the options that print and exit ({@code --help}, {@code --version}, an unknown
   * option): the exit code, or null when Portier should start. Nothing is started here.
   */
  static Integer answer(String[] args, PrintStream out, PrintStream err) {
    for (String a : args) {
      switch (a) {
        case "--help", "-h" -> {
          out.print(USAGE);
          return 0;
        }
        case "--version", "-V" -> {
          out.println("portier " + version());
          return 0;
        }
        default -> {
          if (a.startsWith("-") && !a.equals("--demo")) {
            err.println("portier: unknown option " + a);
            err.print(USAGE);
            return 2;
          }
        }
      }
    }
    if (args.length > 2 || args.length == 2 && !args[0].equals("--demo")) {
      err.print(USAGE);
      return 2;
    }
    return null;
  }

  /** The Maven project version, written into the jar at build time; "unknown" when run from elsewhere. */
  public static String version() {
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isEmpty() && !v.startsWith("${")) return v;
      }
    } catch (IOException ignored) {
      // fall back to the manifest
    }
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** Runs in the JVM's shutdown hook (SIGTERM, SIGINT): stops the node (when it is up), then Vert.x, and says so. */
  private static void shutdown(Vertx vertx, Supplier<Future<Void>> stop) {
    LOG.info(stop == null ? "Portier stopping while it starts" : "Portier stopping");
    long t0 = System.nanoTime();
    try {
      if (stop != null) stop.get().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      LOG.info("Portier stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    } catch (Exception e) {
      LOG.warn("Portier did not stop cleanly: {}", e.toString());
    }
  }
}
