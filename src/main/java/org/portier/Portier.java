package org.portier;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.portier.admin.AdminVerticle;
import org.portier.config.Config;
import org.portier.config.ConfigSource;
import org.portier.config.ConfigVerticle;
import org.portier.config.LiveConfig;
import org.portier.door.DoorRoutes;
import org.portier.doorcall.DoorCallRoutes;
import org.portier.http.FaceRoutes;
import org.portier.http.HttpVerticle;
import org.portier.inbox.MessageRoutes;
import org.portier.integration.IntegrationRoutes;
import org.portier.mobile.MobileRoutes;
import org.portier.mobile.VerificationCallRoutes;
import org.portier.mxproxy.MxAdminRoutes;
import org.portier.mxproxy.MxProxyRoutes;
import org.portier.security.SecretBox;
import org.portier.security.Secrets;
import org.portier.sip.SipRealtimeRoutes;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots one Portier node on a Vert.x instance: config actor, store (migrations), the capability
 * actors, the public HTTP server (one instance per event loop) and the admin listener. Used by
 * {@link Main} and by the tests, which start several nodes in one JVM.
 */
public final class Portier {
  private static final Logger LOG = LoggerFactory.getLogger(Portier.class);
  private final Vertx vertx;
  private final Config config;
  private final List<String> deployments = Collections.synchronizedList(new ArrayList<>());
  private LiveConfig live;
  private Store store;
  private SecretBox secrets;
  private AdminVerticle admin;
  private String adminToken;

  private Portier(Vertx vertx, Config config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Loads and validates the file (blocking read off the event loop), then starts. */
  public static Future<Portier> start(Vertx vertx, Path configFile) {
    return start(vertx, ConfigSource.of(configFile));
  }

  /** Starts on what {@code source} loads; its file is watched and re-read on reload. */
  public static Future<Portier> start(Vertx vertx, ConfigSource source) {
    return vertx.executeBlocking(() -> source.load(false)).compose(loaded -> {
      Portier p = new Portier(vertx, loaded.config());
      return p.boot(source, loaded).map(p).recover(e -> p.stop().transform(x -> Future.failedFuture(e)));
    });
  }

  private Future<Void> boot(ConfigSource source, ConfigSource.Loaded loaded) {
    live = new LiveConfig(config.withVersion(1));
    return deploy(() -> new ConfigVerticle(source, loaded, live), new DeploymentOptions())
        .compose(v -> Store.open(vertx, config)).compose(s -> {
          store = s;
          return vertx.executeBlocking(() -> {
            secrets = SecretBox.fromKeyFile(Path.of(config.string("store.secretKeyFile")));
            adminToken = loadAdminToken();
            return null;
          });
        })
        .compose(v -> deployActors())
        .compose(v -> deploy(() -> new HttpVerticle(live, store, secrets, faces()),
            new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))))
        .compose(v -> {
          if (config.string("adminWeb").isEmpty()) return Future.succeededFuture();
          admin = new AdminVerticle(config, store.pool(), adminToken, List.of(MxAdminRoutes::mount));
          return deploy(() -> admin, new DeploymentOptions());
        })
        .onSuccess(v -> {
          // An empty key list is valid (a face nobody may use yet) but almost never what an operator wants.
          for (String k : java.util.List.of("integration.apiKeys", "sip.apiKeys")) {
            if (config.strings(k).isEmpty()) LOG.warn("{} is empty: that face refuses every request until a key is configured", k);
          }
        })
        .onSuccess(v -> LOG.info("Portier {} started on {}: {}", Main.version(), source.file(), faces(config)));
  }

  /** Each face with the URL it answers on (listener settings only change at the next start). */
  static String faces(Config c) {
    String host = c.string("http.host");
    String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + c.integer("http.port");
    String admin = c.string("adminWeb");
    String[] hp = admin.isEmpty() ? null : org.portier.config.ConfigValidator.hostPort(admin);
    return "integration " + base + c.string("integration.prefix")
        + ", mobile " + base + c.string("mobile.prefix") + " (apps are told " + c.string("mobile.publicUrl") + ")"
        + ", sip realtime " + base + c.string("sip.prefix")
        + ", MX face " + base + "/"
        + ", admin " + (hp == null ? "off" : "http://" + (hp[0].contains(":") ? "[" + hp[0] + "]" : hp[0]) + ":" + hp[1] + "/");
  }

  /**
   * Every face of the public server, in mounting order (specific prefixes before "/"), with the
   * routes each capability mounts on a face. The faces know no other face; this is where they meet.
   */
  static List<FaceRoutes> faces() {
    return List.of(
        new IntegrationRoutes(List.of(
            DoorCallRoutes::mount,
            VerificationCallRoutes::mount,
            DoorRoutes::mount,
            MessageRoutes::mount)),
        new MobileRoutes(),
        new SipRealtimeRoutes(),
        // last: its paths (/auth, /tokens/...) sit at the server root
        new MxProxyRoutes());
  }

  /** Capability actors; each owns its state and is reached over the event bus. */
  private Future<Void> deployActors() {
    // push first: the door-call actor hands its pushes to push.send
    return deploy(() -> new org.portier.push.PushVerticle(config, store, secrets), new DeploymentOptions())
        .compose(v -> deploy(() -> new org.portier.doorcall.DoorCallVerticle(config, store, secrets), new DeploymentOptions()))
        .compose(v -> deploy(() -> new org.portier.inbox.InboxVerticle(config, store), new DeploymentOptions()))
        .compose(v -> deploy(() -> new org.portier.mx.MxSupervisor(config, store, secrets), new DeploymentOptions()))
        // after the MX actor: it turns that actor's events into pushes
        .compose(v -> deploy(() -> new org.portier.mxpush.MxPushVerticle(config, store), new DeploymentOptions()));
  }

  private Future<Void> deploy(java.util.function.Supplier<? extends io.vertx.core.Deployable> v, DeploymentOptions o) {
    return vertx.deployVerticle(v, o).onSuccess(deployments::add).mapEmpty();
  }

  /** The configured admin token, or one generated once into data/admin.token (mode 0600). */
  private String loadAdminToken() throws java.io.IOException {
    String t = config.string("admin.token");
    if (!t.isEmpty()) return t;
    Path dir = Path.of(config.string("store.secretKeyFile")).toAbsolutePath().getParent();
    Path file = dir.resolve("admin.token");
    if (!Files.exists(file)) {
      Files.createDirectories(dir);
      Files.writeString(file, Secrets.randomHex(16) + "\n");
      try {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not POSIX
      }
      LOG.info("no admin.token configured: generated one in {}", file);
    }
    return Files.readString(file).trim();
  }

  public Future<Void> stop() {
    List<String> ids = new ArrayList<>(deployments);
    Collections.reverse(ids);
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
    return chain.compose(v -> store == null ? Future.succeededFuture() : store.close());
  }

  public Config config() {
    return config;
  }

  public Store store() {
    return store;
  }

  public SecretBox secrets() {
    return secrets;
  }

  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public String adminToken() {
    return adminToken;
  }
}
