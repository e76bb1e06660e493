package org.portier;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.portier.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code portier [config.toml]} (default conf/portier.toml). */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Path config = Path.of(args.length > 0 ? args[0] : "conf/portier.toml");
    if (!Files.isRegularFile(config)) {
      System.err.println("portier: config file " + config + " not found");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    Portier.start(vertx, config).onSuccess(p -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        p.stop().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
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
