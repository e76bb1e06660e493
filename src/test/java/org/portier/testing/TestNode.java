package org.portier.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.portier.Portier;

/**
 * One Portier node for a test: its own directory, database file and free ports. Tweak {@link #conf}
 * (the operator's TOML as JSON) before {@link #start}; the file is written for real so reload
 * and restart tests read it like production does.
 */
public final class TestNode {
  public static final String API_KEY = "test-integration-key-0123456789";
  public static final String SIP_KEY = "test-sip-realtime-key-0123456789";
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  public final Path dir;
  public final JsonObject conf;
  public final int httpPort;
  public final int adminPort;
  private Vertx vertx;
  private Portier portier;
  private WebClient client;

  public TestNode(Path dir) {
    this.dir = dir;
    this.httpPort = freePort();
    this.adminPort = freePort();
    this.conf = new JsonObject()
        .put("adminWeb", "127.0.0.1:" + adminPort)
        .put("admin", new JsonObject().put("token", ADMIN_TOKEN))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort))
        .put("store", new JsonObject().put("url", "jdbc:hsqldb:file:" + dir.resolve("db/portier")).put("secretKeyFile", dir.resolve("portier.key").toString()))
        .put("mobile", new JsonObject().put("publicUrl", "http://127.0.0.1:" + httpPort + "/mobile/"))
        .put("integration", new JsonObject().put("apiKeys", new io.vertx.core.json.JsonArray().add(API_KEY)))
        .put("sip", new JsonObject().put("apiKeys", new io.vertx.core.json.JsonArray().add(SIP_KEY))
            .put("server", "sip.portier.test").put("port", 5060).put("transport", "tcp"))
        .put("otp", new JsonObject().put("testNumbers", new JsonObject().put("79990000001", "1234")));
  }

  public static TestNode inTempDir() {
    try {
      return new TestNode(Files.createTempDirectory("portier-test"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets a nested key, e.g. set("doorcall.ttl", "5s"). */
  public TestNode set(String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = conf;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = node.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        node.put(parts[i], next);
      }
      node = next;
    }
    node.put(parts[parts.length - 1], value);
    return this;
  }

  public Path configFile() {
    return dir.resolve("portier.toml");
  }

  public void writeConfig() {
    writeConfig(toToml(conf));
  }

  /** Writes the file atomically (temp file + rename), as a deploy tool should. */
  public void writeConfig(String toml) {
    try {
      Path tmp = Files.createTempFile(dir, "portier", ".tmp");
      Files.writeString(tmp, toml);
      Files.move(tmp, configFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static String toToml(JsonObject json) {
    try {
      Map<String, Object> map = new ObjectMapper().readValue(json.encode(), Map.class);
      return new TomlMapper().writeValueAsString(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Future<Portier> start(Vertx vertx) {
    this.vertx = vertx;
    writeConfig();
    if (client == null) client = WebClient.create(vertx);
    return Portier.start(vertx, configFile()).onSuccess(p -> portier = p);
  }

  public Future<Void> stop() {
    Portier p = portier;
    portier = null;
    return p == null ? Future.succeededFuture() : p.stop();
  }

  public Portier portier() {
    return portier;
  }

  public WebClient client() {
    return client;
  }

  /** A request to the public server. */
  public HttpRequest<Buffer> http(HttpMethod method, String path) {
    return client.request(method, httpPort, "127.0.0.1", path);
  }

  /** A request to the integration face with the test API key. */
  public HttpRequest<Buffer> integration(HttpMethod method, String path) {
    return http(method, "/integration/v1" + path).bearerTokenAuthentication(API_KEY);
  }

  public HttpRequest<Buffer> admin(HttpMethod method, String path) {
    return client.request(method, adminPort, "127.0.0.1", path).bearerTokenAuthentication(ADMIN_TOKEN);
  }

  /** POSTs JSON to the integration face and returns the parsed body, failing on a non-2xx status. */
  public Future<JsonObject> create(String path, JsonObject body) {
    return integration(HttpMethod.POST, path).sendJsonObject(body).compose(r -> r.statusCode() / 100 == 2
        ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(path + " -> " + r.statusCode() + " " + r.bodyAsString()));
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String status(HttpResponse<Buffer> r) {
    return r.statusCode() + " " + r.bodyAsString();
  }
}
