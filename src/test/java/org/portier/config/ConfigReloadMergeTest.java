package org.portier.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.testing.LogCapture;
import org.portier.testing.TestNode;
import org.slf4j.LoggerFactory;

/** One edit brings one reload however many triggers follow it; every reload says which file it read; log.level follows reloads. */
@ExtendWith(VertxExtension.class)
class ConfigReloadMergeTest {
  private TestNode node;
  private Vertx vertx;
  private LogCapture log;
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> consumer;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    node = TestNode.inTempDir();
    log = LogCapture.of("org.portier.config");
    get(node.start(vertx));
    consumer = vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_CHANGED, m -> published.add(m.body()));
    get(consumer.completion());
  }

  @AfterEach
  void stop() throws Exception {
    log.close();
    get(consumer.unregister());
    get(node.stop());
    root().setLevel(Level.INFO);
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private long reload() throws Exception {
    JsonObject r = get(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_RELOAD, new JsonObject().put("reason", "test"))).body();
    assertThat(r.containsKey("version")).as(r.encode()).isTrue();
    return r.getLong("version");
  }

  private long version() throws Exception {
    return get(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_GET, new JsonObject())).body().getLong("version");
  }

  private static ch.qos.logback.classic.Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void anEditFollowedByAReloadRequestReloadsOnceAndTheLogNamesTheFile() throws Exception {
    long before = version();
    node.set("doorcall.callerId", "Подъезд 2").writeConfig();
    long after = reload();
    assertThat(after).isEqualTo(before + 1);
    // the watcher sees the same edit a moment later and finds the text already in force
    log.await(l -> l.message().startsWith("config reload (file changed)") && l.message().contains("unchanged"), Duration.ofSeconds(10));
    assertThat(version()).isEqualTo(after);
    assertThat(published).hasSize(1);
    assertThat(published.get(0).getJsonObject("doorcall").getString("callerId")).isEqualTo("Подъезд 2");
    assertThat(log.matching(l -> l.message().startsWith("config reloaded (test): read " + node.configFile()))).hasSize(1);
  }

  @Test
  void aReloadRequestRightAfterTheWatcherReloadedIsMerged() throws Exception {
    long before = version();
    node.set("doorcall.callerId", "Подъезд 3").writeConfig();
    LogCapture.Line reloaded = log.await(l -> l.message().startsWith("config reloaded (file changed)"), Duration.ofSeconds(10));
    assertThat(reloaded.message()).contains("read " + node.configFile());
    // SIGHUP or POST /admin/reload for the same edit: nothing new
    assertThat(reload()).isEqualTo(before + 1);
    assertThat(reload()).isEqualTo(before + 1);
    assertThat(version()).isEqualTo(before + 1);
    assertThat(published).hasSize(1);
  }

  @Test
  void requestsWhileAReloadRunsShareOneReload() throws Exception {
    long before = version();
    node.set("doorcall.callerId", "Подъезд 4").writeConfig();
    List<Future<io.vertx.core.eventbus.Message<JsonObject>>> asked = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) asked.add(vertx.eventBus().request(Addresses.CONFIG_RELOAD, new JsonObject().put("reason", "burst")));
    get(Future.all(asked));
    for (var f : asked) assertThat(f.result().body().getLong("version")).isEqualTo(before + 1);
    assertThat(version()).isEqualTo(before + 1);
  }

  @Test
  void logLevelIsSetOnTheRootLoggerAndFollowsReloads() throws Exception {
    assertThat(root().getLevel()).isEqualTo(Level.INFO);
    node.set("log", new JsonObject().put("level", "debug")).writeConfig();
    reload();
    assertThat(root().getLevel()).isEqualTo(Level.DEBUG);
    node.set("log", new JsonObject().put("level", "WARN")).writeConfig();
    reload();
    assertThat(root().getLevel()).isEqualTo(Level.WARN);
    // empty: back to what logback's file says
    node.set("log", new JsonObject().put("level", "")).writeConfig();
    reload();
    assertThat(root().getLevel()).isEqualTo(Level.INFO);
    // a bad level is refused with its key, the old level stays
    node.set("log", new JsonObject().put("level", "LOUD")).writeConfig();
    JsonObject r = get(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_RELOAD, new JsonObject())).body();
    assertThat(r.getJsonArray("problems").encode()).contains("log.level: must be one of");
    assertThat(root().getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void anIgnoredOrUnavailableSighupIsReported() {
    assertThat(ConfigVerticle.sighupProblem(() -> sun.misc.SignalHandler.SIG_IGN)).contains("started with SIGHUP ignored");
    assertThat(ConfigVerticle.sighupProblem(() -> {
      throw new IllegalArgumentException("Signal already used by VM or OS: SIGHUP");
    })).contains("Signal already used");
    assertThat(ConfigVerticle.sighupProblem(() -> sun.misc.SignalHandler.SIG_DFL)).isNull();
  }
}
