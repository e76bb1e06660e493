package org.portier.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portier.config.Config;
import org.portier.config.ConfigLoader;
import org.portier.http.Faces;
import org.portier.http.OperatorApi;

/**
 * An actor's refusal travels as a BusFailure: its code and message survive the event bus, a missing
 * or silent actor is a 503, and the operator API renders it in its format, a 503 with Retry-After.
 */
class BusFailureTest {
  private Vertx vertx;
  private HttpClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Throwable failureOf(String address, JsonObject body, long timeoutMs) throws Exception {
    Future<Object> f = vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(m -> (Object) m.body()).recover(e -> Future.succeededFuture(BusFailure.of(e, "nobody answers")));
    return (Throwable) f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theActorsCodeAndMessageSurviveTheBus() throws Exception {
    vertx.eventBus().<JsonObject>consumer("test.actor", m -> BusFailure.reply(m, switch (m.body().getString("ask")) {
      case "missing" -> BusFailure.notFound("no door call with id \"7\"");
      case "busy" -> BusFailure.unavailable("the push actor is busy");
      case "conflict" -> BusFailure.conflict("already answered");
      default -> new IllegalStateException("a bug with details nobody outside may see");
    }));
    BusFailure missing = (BusFailure) failureOf("test.actor", new JsonObject().put("ask", "missing"), 5_000);
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.getMessage()).isEqualTo("no door call with id \"7\"");
    BusFailure busy = (BusFailure) failureOf("test.actor", new JsonObject().put("ask", "busy"), 5_000);
    assertThat(busy.code()).isEqualTo(503);
    assertThat(busy.retryable()).isTrue();
    assertThat(((BusFailure) failureOf("test.actor", new JsonObject().put("ask", "conflict"), 5_000)).code()).isEqualTo(409);
    BusFailure bug = (BusFailure) failureOf("test.actor", new JsonObject().put("ask", "bug"), 5_000);
    assertThat(bug.code()).isEqualTo(500);
    assertThat(bug.getMessage()).isEqualTo("internal error");
  }

  @Test
  void noActorOrASilentOneIsA503() throws Exception {
    BusFailure none = (BusFailure) failureOf("test.nobody", new JsonObject(), 5_000);
    assertThat(none.code()).isEqualTo(503);
    assertThat(none.getMessage()).isEqualTo("nobody answers");
    vertx.eventBus().consumer("test.silent", m -> {});
    BusFailure silent = (BusFailure) failureOf("test.silent", new JsonObject(), 100);
    assertThat(silent.code()).isEqualTo(503);
  }

  @Test
  void theOperatorApiAnswersA503WithRetryAfter() throws Exception {
    JsonObject json = ConfigLoader.defaults();
    json.getJsonObject("integration").put("apiKeys", new JsonArray().add("test-key-0123456789"));
    Config config = new Config(json);
    Faces faces = new Faces(vertx, null, null, () -> config, null, null);
    Router root = Router.router(vertx);
    Router api = OperatorApi.router(faces);
    api.get("/busy").handler(ctx -> OperatorApi.respond(ctx, 200, Future.failedFuture(BusFailure.unavailable("the push actor is busy"))));
    api.get("/gone").handler(ctx -> OperatorApi.respond(ctx, 200, Future.failedFuture(BusFailure.notFound("no door call with id \"7\""))));
    root.route("/api/*").subRouter(api);
    int port = vertx.createHttpServer().requestHandler(root).listen(0).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();

    client = vertx.createHttpClient();
    Answer busy = get(port, "/api/busy");
    assertThat(busy.status()).isEqualTo(503);
    assertThat(busy.retryAfter()).isEqualTo(Integer.toString(BusFailure.RETRY_AFTER_SECONDS));
    assertThat(busy.body()).isEqualTo(new JsonObject().put("status", 503).put("error", "Service Unavailable").put("message", "the push actor is busy"));

    Answer gone = get(port, "/api/gone");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.retryAfter()).isNull();
    assertThat(gone.body().getString("message")).isEqualTo("no door call with id \"7\"");
  }

  private record Answer(int status, String retryAfter, JsonObject body) {}

  private Answer get(int port, String path) throws Exception {
    return client.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(r -> r.putHeader("Authorization", "Bearer test-key-0123456789").send())
        .compose(r -> r.body().map(b -> new Answer(r.statusCode(), r.getHeader("Retry-After"), b.toJsonObject())))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
