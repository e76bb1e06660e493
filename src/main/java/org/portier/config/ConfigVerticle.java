package org.portier.config;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.portier.bus.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the current configuration. Reloads on SIGHUP, when the file changes, and on request
 * ({@link Addresses#CONFIG_RELOAD}); an invalid file is refused with a log line per problem and the
 * old config stays in force. Each accepted reload is published on {@link Addresses#CONFIG_CHANGED}.
 */
public final class ConfigVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigVerticle.class);
  private final Path file;
  private final LiveConfig live;
  private Config current;
  private String lastStamp = "";
  /** A changed stamp seen once; reloaded when the next check sees it unchanged (the write is over). */
  private String pendingStamp;
  private long watchTimer = -1;

  public ConfigVerticle(Path file, LiveConfig live) {
    this.file = file;
    this.live = live;
    this.current = live.get();
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_GET, m -> m.reply(current.json()));
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_RELOAD, this::onReloadRequest);
    if (file != null) {
      installSighup();
      return stamp().onSuccess(s -> {
        lastStamp = s;
        watchTimer = vertx.setPeriodic(500, t -> checkFile());
      });
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (watchTimer >= 0) vertx.cancelTimer(watchTimer);
    return Future.succeededFuture();
  }

  private void onReloadRequest(Message<JsonObject> m) {
    String reason = m.body() == null ? "request" : m.body().getString("reason", "request");
    reload(reason).onSuccess(v -> m.reply(new JsonObject().put("version", v)))
        .onFailure(e -> m.reply(new JsonObject().put("error", e.getMessage())
            .put("problems", new JsonArray(e instanceof ConfigException ce ? ce.problems() : java.util.List.of(e.getMessage())))));
  }

  /** Reads and validates the file off the event loop; swaps and publishes only a valid one. */
  Future<Long> reload(String reason) {
    if (file == null) return Future.failedFuture(new ConfigException(java.util.List.of("no config file to reload")));
    return vertx.<Config>executeBlocking(() -> {
      // An empty file is almost always an editor or a copy caught mid-write; it would silently
      // reset every key (API keys included) to its default.
      if (java.nio.file.Files.readString(file).isBlank()) throw new ConfigException(java.util.List.of(file + ": the file is empty"));
      return ConfigLoader.load(file);
    }).map(next -> {
      current = next.withVersion(current.version() + 1);
      // swapped for the routers before the reload is acknowledged or published
      live.set(current);
      LOG.info("config reloaded ({}), version {}", reason, current.version());
      vertx.eventBus().publish(Addresses.CONFIG_CHANGED, current.json());
      return current.version();
    }).onFailure(e -> {
      if (e instanceof ConfigException ce) {
        ce.problems().forEach(p -> LOG.error("config reload ({}) refused, the old config stays: {}", reason, p));
      } else {
        LOG.error("config reload ({}) failed, the old config stays: {}", reason, e.toString());
      }
    });
  }

  private Future<String> stamp() {
    return vertx.fileSystem().props(file.toString())
        .map(p -> p.lastModifiedTime() + ":" + p.size())
        .otherwise("missing");
  }

  /** Reloads once the file has changed and then stayed the same for one check (debounced writes). */
  private void checkFile() {
    stamp().onSuccess(s -> {
      if (s.equals(lastStamp)) {
        pendingStamp = null;
      } else if (s.equals(pendingStamp)) {
        lastStamp = s;
        pendingStamp = null;
        if (!"missing".equals(s)) reload("file changed");
      } else {
        pendingStamp = s;
      }
    });
  }

  @SuppressWarnings("restriction")
  private void installSighup() {
    var context = vertx.getOrCreateContext();
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> context.runOnContext(v -> reload("SIGHUP")));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("SIGHUP reload unavailable on this platform: {}", e.getMessage());
    }
  }
}
