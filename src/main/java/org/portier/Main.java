package org.portier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.portier.config.ConfigException;
import org.portier.demo.DemoMode;
import org.portier.demo.DemoSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code portier [--demo] [config.toml]} (default conf/portier.toml); --demo: see {@link org.portier.demo.DemoMode}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    boolean demo = args.length > 0 && args[0].equals("--demo");
    if (demo) args = java.util.Arrays.copyOfRange(args, 1, args.length);
    Path config = Path.of(args.length > 0 ? args[0] : "conf/portier.toml");
    if (!Files.isRegularFile(config)) {
      System.err.println("portier: config file " + config + " not found");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    Future<Supplier<Future<Void>>> started = demo
        ? DemoMode.start(vertx, config, DemoSettings.defaults()).map(d -> d::stop)
        : Portier.start(vertx, config).map(p -> p::stop);
    started.onSuccess(stop -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stop.get().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown: {}", e.toString());
      }
    }))).onFailure(e -> {
      if (e instanceof ConfigException ce) {
        ce.problems().forEach(p -> System.err.println("portier: config error: " + p));
      } else {
        LOG.error("Portier failed to start", e);
      }
      vertx.close();
      System.exit(1);
    });
  }
}
