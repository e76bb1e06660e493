package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.portier.bus.Addresses;
import org.portier.testing.TestNode;

/**
 * Shared set-up for MX tests: a simulator with users, short timings, a TestNode configured to
 * trust the simulator's certificate, and the mx.connect request for a user.
 */
public final class MxFixture {
  private MxFixture() {}

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  /** A failed event-bus request's (status, message). */
  public static ReplyException refused(Future<?> f) {
    Throwable t = failure(f);
    if (t instanceof ReplyException r) return r;
    throw new AssertionError("not a reply failure", t);
  }

  public static MxSimulator simulator(Vertx vertx, MxSimulator.User... users) {
    MxSimulator sim = await(MxSimulator.start(vertx, 0));
    for (MxSimulator.User u : users) sim.addUser(u);
    return sim;
  }

  /** The simulator's certificate in a temporary PEM file, to pin as mx.trustedCert. */
  public static String simulatorCertFile() {
    try {
      Path f = Files.createTempFile("mx-simulator", ".pem");
      f.toFile().deleteOnExit();
      Files.write(f, MxSimulator.certificate().getBytes());
      return f.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Timings short enough for tests, the simulator's certificate pinned; replies 2 s, keepalive/read-idle long unless a test shortens them. */
  public static MxSettings settings() {
    return new MxSettings(simulatorCertFile(), false, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofMillis(50), Duration.ofMillis(400));
  }

  /** Points a node's [mx] section at quick timings and pins the simulator's certificate. */
  public static TestNode configure(TestNode node) {
    try {
      Path cert = node.dir.resolve("mx-simulator.pem");
      Files.write(cert, MxSimulator.certificate().getBytes());
      node.set("mx.trustedCert", cert.toString()).set("mx.replyTimeout", "2s").set("mx.reconnectMin", "50ms")
          .set("mx.reconnectMax", "400ms");
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject connectRequest(MxSimulator sim, String login, String password) {
    return new JsonObject().put("login", login).put("host", "127.0.0.1").put("port", sim.port()).put("mxLogin", login)
        .put("mxPassword", password);
  }

  public static Future<JsonObject> connect(Vertx vertx, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(Addresses.MX_CONNECT, request).map(m -> m.body());
  }

  public static Future<JsonObject> ask(Vertx vertx, String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(m -> m.body());
  }
}
