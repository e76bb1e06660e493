package org.portier.config;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.portier.bus.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the current configuration. Reloads on SIGHUP, when the file changes, and on request
 * ({@link Addresses#CONFIG_RELOAD}); an invalid file is refused with a log line per problem and the
 * old config stays in force. Each accepted reload is published on {@link Addresses#CONFIG_CHANGED}.
 *
 * <p>One edit often brings two triggers (the file watcher and the operator's SIGHUP or admin
 * reload). They are merged: reloads run one at a time and at most one waits behind the running one
 * (later requests share its result), and a reload whose file holds the text already in force does
 * nothing when the watcher asked for it or when the last reload was less than
 * {@link #MERGE_WINDOW_MILLIS} ago. An explicit request after that reloads even an unchanged text,
 * so files the config points at (certificates, keys) can be re-read.
 */
public final class ConfigVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigVerticle.class);
  static final long MERGE_WINDOW_MILLIS = 10_000;
  private final ConfigSource source;
  private final LiveConfig live;
  private Config current;
  /** Digest of the operator's text the current config came from; null when the node was given a config without a file. */
  private String appliedDigest;
  private long appliedAt;
  private Future<Long> running;
  private Future<Long> queued;
  private String lastStamp = "";
  /** A changed stamp seen once; reloaded when the next check sees it unchanged (the write is over). */
  private String pendingStamp;
  private long watchTimer = -1;

  /** {@code loaded}: what the node started on (its digest tells later reloads whether the file changed). */
  public ConfigVerticle(ConfigSource source, ConfigSource.Loaded loaded, LiveConfig live) {
    this.source = source;
    this.live = live;
    this.current = live.get();
    this.appliedDigest = loaded == null ? null : loaded.digest();
    this.appliedAt = System.currentTimeMillis();
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_GET, m -> m.reply(current.json()));
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_RELOAD, this::onReloadRequest);
    LogLevel.apply(current);
    ConfigWarnings.log(current);
    if (source != null) {
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

  /** An explicit reload (SIGHUP, admin request): the version in force afterwards. */
  Future<Long> reload(String reason) {
    return request(reason, true);
  }

  /** Runs a reload now, or after the running one; a request while one already waits shares that one's result. */
  private Future<Long> request(String reason, boolean explicit) {
    if (source == null) return Future.failedFuture(new ConfigException(java.util.List.of("no config file to reload")));
    if (queued != null) {
      LOG.info("config reload ({}) merged with the reload already waiting", reason);
      return queued;
    }
    if (running == null) return run(reason, explicit);
    Future<Long> next = running.transform(x -> {
      queued = null;
      return run(reason, explicit);
    });
    queued = next;
    return next;
  }

  private Future<Long> run(String reason, boolean explicit) {
    Future<Long> f = load(reason, explicit);
    running = f;
    f.onComplete(x -> {
      if (running == f) running = null;
    });
    return f;
  }

  /** Reads and validates off the event loop; swaps and publishes only a valid, changed one. */
  private Future<Long> load(String reason, boolean explicit) {
    return vertx.<ConfigSource.Loaded>executeBlocking(() -> source.load(true)).map(loaded -> {
      boolean recent = System.currentTimeMillis() - appliedAt < MERGE_WINDOW_MILLIS;
      if (loaded.digest().equals(appliedDigest) && (!explicit || recent)) {
        LOG.info("config reload ({}): read {}, unchanged since version {}; nothing to reload", reason, loaded.read(), current.version());
        return current.version();
      }
      current = loaded.config().withVersion(current.version() + 1);
      appliedDigest = loaded.digest();
      appliedAt = System.currentTimeMillis();
      // swapped for the routers before the reload is acknowledged or published
      live.set(current);
      LogLevel.apply(current);
      LOG.info("config reloaded ({}): read {}, version {}", reason, loaded.read(), current.version());
      ConfigWarnings.log(current);
      vertx.eventBus().publish(Addresses.CONFIG_CHANGED, current.json());
      return current.version();
    }).onFailure(e -> {
      if (e instanceof ConfigException ce) {
        ce.problems().forEach(p -> LOG.error("config reload ({}) of {} refused, the old config stays: {}", reason, source.file(), p));
      } else {
        LOG.error("config reload ({}) of {} failed, the old config stays: {}", reason, source.file(), e.toString());
      }
    });
  }

  private Future<String> stamp() {
    return vertx.fileSystem().props(source.file().toString())
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
        if (!"missing".equals(s)) request("file changed", false);
      } else {
        pendingStamp = s;
      }
    });
  }

  @SuppressWarnings("restriction")
  private void installSighup() {
    var context = vertx.getOrCreateContext();
    String problem = sighupProblem(() -> sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
        sig -> context.runOnContext(v -> reload("SIGHUP"))));
    if (problem != null) {
      LOG.warn("SIGHUP does not reload the config: {}; reload with POST /admin/reload or by saving {}", problem, source.file());
    }
  }

  /**
   * Why SIGHUP will not reach us, or null when the handler is in place. A process started with
   * SIGHUP ignored (nohup, some service managers) keeps ignoring it: the JVM then installs no
   * handler and answers the ignoring one as the previous handler.
   */
  @SuppressWarnings("restriction")
  static String sighupProblem(Supplier<sun.misc.SignalHandler> install) {
    try {
      sun.misc.SignalHandler previous = install.get();
      if (previous == sun.misc.SignalHandler.SIG_IGN) {
        return "this process was started with SIGHUP ignored (by nohup or its service manager)";
      }
      return null;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return "the JVM does not let Portier handle it here (" + e.getMessage() + ")";
    }
  }
}
