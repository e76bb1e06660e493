package org.portier.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake FCM HTTP v1 server: a Vert.x HTTP server on a free port answering
 * {@code POST /v1/projects/<id>/messages:send}, recording each request (body JSON and headers) and
 * answering as a test scripts it per token (200 by default).
 *
 * <pre>
 * FakeFcm fcm = FakeFcm.start(vertx).toCompletionStage().toCompletableFuture().get();
 * FakeFcm.configure(node, fcm);                     // push.fcm.* for a TestNode, before node.start
 * fcm.reply(token, FakeFcm.Reply.unavailable(), FakeFcm.Reply.unavailable()); // one-shot, in order
 * fcm.always(token, FakeFcm.Reply.unregistered());  // every later request for it
 * FakeFcm.Request r = fcm.await(1);                 // the first request (waits up to 10 s)
 * fcm.close();
 * </pre>
 */
public final class FakeFcm {
  public static final String PROJECT = "portier-test";
  private static final long AWAIT_SECONDS = 10;

  /** One scripted answer: HTTP status and body. */
  public record Reply(int status, JsonObject body) {
    /** 200 {"name": "projects/&lt;project&gt;/messages/&lt;n&gt;"} (the name is filled in when answering). */
    public static Reply ok() {
      return new Reply(200, null);
    }

    /** 404 NOT_FOUND with FcmError UNREGISTERED: the token is dead. */
    public static Reply unregistered() {
      return error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED");
    }

    /** 503 UNAVAILABLE: retry later. */
    public static Reply unavailable() {
      return error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE");
    }

    /** 400 INVALID_ARGUMENT, e.g. a malformed token. */
    public static Reply invalidArgument() {
      return error(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT");
    }

    /** Any FCM v1 error body; {@code errorCode} goes into the FcmError detail (null for none). */
    public static Reply error(int status, String statusText, String message, String errorCode) {
      JsonObject error = new JsonObject().put("code", status).put("message", message).put("status", statusText);
      if (errorCode != null) {
        error.put("details", new JsonArray().add(new JsonObject()
            .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError").put("errorCode", errorCode)));
      }
      return new Reply(status, new JsonObject().put("error", error));
    }
  }

  /** One request as the server saw it; {@code message} is the body's "message" object. */
  public record Request(String project, JsonObject body, Map<String, String> headers, int status) {
    public JsonObject message() {
      return body.getJsonObject("message", new JsonObject());
    }

    public String token() {
      return message().getString("token");
    }

    public JsonObject data() {
      return message().getJsonObject("data", new JsonObject());
    }

    public JsonObject android() {
      return message().getJsonObject("android", new JsonObject());
    }
  }

  private final HttpServer server;
  private final AtomicLong names = new AtomicLong();
  private final List<Request> received = new ArrayList<>();
  private final Map<Integer, CompletableFuture<Request>> waiters = new HashMap<>();
  private final Map<String, ArrayDeque<Reply>> once = new HashMap<>();
  private final Map<String, Reply> sticky = new HashMap<>();

  private FakeFcm(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free port of 127.0.0.1. */
  public static Future<FakeFcm> start(Vertx vertx) {
    FakeFcm[] self = new FakeFcm[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
    self[0] = new FakeFcm(server);
    return server.listen(0, "127.0.0.1").map(s -> self[0]);
  }

  /**
   * Points a node's FCM settings at this server: a test service-account file (no private key, so
   * Portier uses a fixed access token and never calls Google's OAuth), the project id and the endpoint.
   */
  public static void configure(TestNode node, FakeFcm fcm) {
    Path file = node.dir.resolve("fcm-test-service-account.json");
    try {
      Files.createDirectories(node.dir);
      Files.writeString(file, new JsonObject().put("type", "service_account").put("project_id", PROJECT)
          .put("client_email", "portier-test@" + PROJECT + ".iam.gserviceaccount.com").encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    node.set("push.fcm.serviceAccount", file.toString())
        .set("push.fcm.projectId", PROJECT)
        .set("push.fcm.endpoint", fcm.endpoint());
  }

  public int port() {
    return server.actualPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Replies for the next requests for {@code token}, used once each in order; then {@link #always} or 200. */
  public synchronized FakeFcm reply(String token, Reply... replies) {
    once.computeIfAbsent(token, k -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  /** The reply for every request for {@code token} once the one-shot replies are used up. */
  public synchronized FakeFcm always(String token, Reply reply) {
    sticky.put(token, reply);
    return this;
  }

  /** Answers {@code times} requests for {@code token} with 503 UNAVAILABLE, then 200. */
  public FakeFcm unavailableThenOk(String token, int times) {
    Reply[] r = new Reply[times];
    java.util.Arrays.fill(r, Reply.unavailable());
    return reply(token, r);
  }

  public synchronized List<Request> received() {
    return List.copyOf(received);
  }

  public synchronized List<Request> receivedFor(String token) {
    return received.stream().filter(r -> token.equals(r.token())).toList();
  }

  public synchronized int count() {
    return received.size();
  }

  /** The n-th request (1-based) once it has arrived. */
  public synchronized CompletableFuture<Request> nth(int n) {
    if (received.size() >= n) return CompletableFuture.completedFuture(received.get(n - 1));
    return waiters.computeIfAbsent(n, k -> new CompletableFuture<>());
  }

  /** Waits up to 10 s for the n-th request (1-based). */
  public Request await(int n) {
    try {
      return nth(n).get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("FakeFcm: request " + n + " did not arrive (got " + count() + ")", e);
    }
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (req.method() != io.vertx.core.http.HttpMethod.POST || !path.startsWith("/v1/projects/") || !path.endsWith("/messages:send")) {
      req.response().setStatusCode(404).end();
      return;
    }
    String project = path.substring("/v1/projects/".length(), path.length() - "/messages:send".length());
    Map<String, String> headers = new TreeMap<>();
    req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
    req.body().onSuccess(buf -> {
      JsonObject body = buf.toJsonObject();
      String token = body.getJsonObject("message", new JsonObject()).getString("token");
      Reply reply;
      Request r;
      CompletableFuture<Request> waiter;
      synchronized (this) {
        ArrayDeque<Reply> q = token == null ? null : once.get(token);
        reply = q != null && !q.isEmpty() ? q.poll() : sticky.getOrDefault(token, Reply.ok());
        r = new Request(project, body, headers, reply.status());
        received.add(r);
        waiter = waiters.remove(received.size());
      }
      JsonObject answer = reply.body() != null ? reply.body()
          : new JsonObject().put("name", "projects/" + project + "/messages/" + names.incrementAndGet());
      req.response().setStatusCode(reply.status()).putHeader("content-type", "application/json; charset=UTF-8").end(answer.encode());
      if (waiter != null) waiter.complete(r);
    });
  }
}
