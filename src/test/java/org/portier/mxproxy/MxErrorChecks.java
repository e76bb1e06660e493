package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.portier.bus.Addresses;
import org.portier.mx.MxSimulator;
import org.portier.testing.TestNode;

/** Assertions and probes shared by the MX face's error tests (the mx-proxy.md §4 table and the bad-input matrix). */
final class MxErrorChecks {
  private MxErrorChecks() {}

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The face's error: the status, a JSON body that is exactly {"error": message} with "error" first, no Java internals. */
  static void error(HttpResponse<Buffer> r, String what, int status, String message) {
    JsonObject body = errorBody(r, what, status);
    assertThat(body.getString("error")).as(what + ": message").isEqualTo(message);
  }

  /** As {@link #error} for messages that end in text of the platform (an OS error, a port number). */
  static void errorStartingWith(HttpResponse<Buffer> r, String what, int status, String prefix) {
    JsonObject body = errorBody(r, what, status);
    assertThat(body.getString("error")).as(what + ": message").startsWith(prefix);
  }

  private static JsonObject errorBody(HttpResponse<Buffer> r, String what, int status) {
    assertThat(r.statusCode()).as(what + ": status of " + TestNode.status(r)).isEqualTo(status);
    assertThat(r.getHeader("content-type")).as(what + ": content type").startsWith("application/json");
    String raw = r.bodyAsString();
    assertThat(raw).as(what + ": body").startsWith("{\"error\":");
    noInternals(raw, what);
    JsonObject body = r.bodyAsJsonObject();
    // {"error"}, or {"error","csta"} for an error MX gave as a CSTAErrorCode
    assertThat(List.copyOf(body.fieldNames())).as(what + ": body fields").isIn(List.of("error"), List.of("error", "csta"));
    return body;
  }

  /** No stack trace, exception class or package name ever reaches a client. */
  static void noInternals(String raw, String what) {
    if (raw == null) return;
    for (String leak : List.of("Exception", "exception", "\tat ", "java.", "io.vertx", "io.netty", "org.portier", "Caused by")) {
      assertThat(raw).as(what + ": no Java internals in the body").doesNotContain(leak);
    }
  }

  /** The frames of {@code login} that carry a command (keep-alives left out), to tell whether a request reached MX. */
  static long commands(MxSimulator sim, String login) {
    return sim.received().stream().filter(r -> r.login().equals(login) && !r.name().isEmpty() && !r.name().equals("keepalive")).count();
  }

  /** Completes once the user's connection state (asked of its actor) passes {@code test}; null is no actor at all. */
  static Future<String> awaitState(Vertx vertx, String login, Predicate<String> test) {
    Promise<String> p = Promise.promise();
    long deadline = System.currentTimeMillis() + 15_000;
    poll(vertx, login, test, p, deadline);
    return p.future();
  }

  private static void poll(Vertx vertx, String login, Predicate<String> test, Promise<String> p, long deadline) {
    vertx.eventBus().<JsonObject>request(Addresses.mxUser(login), new JsonObject().put("op", "state")).onComplete(ar -> {
      String state = ar.succeeded() ? ar.result().body().getString("state") : null;
      if (test.test(state)) {
        p.complete(state);
      } else if (System.currentTimeMillis() > deadline) {
        p.fail(new AssertionError("mx user " + login + " still " + state));
      } else {
        // the actor publishes no state events to the face; ask again shortly
        vertx.setTimer(20, t -> poll(vertx, login, test, p, deadline));
      }
    });
  }

  /** The node's current JWT signing key (kid and private key), to forge tokens it would accept. */
  record SigningKey(String kid, PrivateKey key) {}

  static SigningKey signingKey(TestNode node) throws Exception {
    Row r = get(node.portier().store().pool().query("SELECT kid, private_key FROM mx_jwt_keys ORDER BY created_at DESC").execute())
        .iterator().next();
    byte[] pkcs8 = Base64.getDecoder().decode(node.portier().secrets().decrypt(r.getString("PRIVATE_KEY")));
    return new SigningKey(r.getString("KID"), KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
  }
}
