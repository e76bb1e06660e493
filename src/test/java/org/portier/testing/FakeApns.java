package org.portier.testing;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import io.netty.channel.nio.NioEventLoopGroup;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fake APNs: Pushy's MockApnsServer on a free port with the test-only TLS credentials in
 * src/test/resources/apns, recording every notification and answering as a test scripts it per token
 * (accept by default).
 *
 * <pre>
 * FakeApns apns = FakeApns.start();
 * FakeApns.configure(node, apns);                       // push.apns.* for a TestNode, before node.start
 * apns.reply(token, FakeApns.Reply.reject(RejectionReason.SERVICE_UNAVAILABLE), ...); // one-shot, in order
 * apns.always(token, FakeApns.Reply.unregistered());   // every later push to it
 * FakeApns.Notification n = apns.await(1);             // the first notification (waits up to 10 s)
 * apns.close();
 * </pre>
 */
@SuppressWarnings("deprecation") // Pushy 0.15 accepts Netty's NioEventLoopGroup (deprecated in Netty 4.2) by class name
public final class FakeApns implements AutoCloseable {
  public static final String BUNDLE = "org.portier.test";
  public static final String VOIP_TOPIC = BUNDLE + ".voip";
  public static final String TEAM_ID = "TEAMID0001";
  public static final String KEY_ID = "KEYID00001";
  private static final long AWAIT_SECONDS = 10;

  /** What the server answers to one notification. */
  public sealed interface Reply permits Accept, Reject, Unregistered {
    static Reply accept() {
      return new Accept();
    }

    /** Rejection with Apple's reason; the HTTP status follows from it (400 BadDeviceToken, 503 ServiceUnavailable, ...). */
    static Reply reject(RejectionReason reason) {
      return new Reject(reason);
    }

    /** 410 Unregistered, with "now" as the token's invalidation time. */
    static Reply unregistered() {
      return new Unregistered();
    }
  }

  record Accept() implements Reply {}

  record Reject(RejectionReason reason) implements Reply {}

  record Unregistered() implements Reply {}

  /**
   * One notification as the server saw it. {@code expiration} is epoch seconds (apns-expiration), 0 when absent;
   * {@code receivedNanos} is System.nanoTime() at arrival (for latency measurements).
   */
  public record Notification(String token, String topic, String pushType, int priority, long expiration, String apnsId,
      JsonObject payload, Map<String, String> headers, String reply, long receivedNanos) {}

  private final MockApnsServer server;
  private final NioEventLoopGroup group;
  private final int port;
  private final List<Notification> received = new ArrayList<>();
  private final Map<Integer, CompletableFuture<Notification>> waiters = new HashMap<>();
  private final Map<String, ArrayDeque<Reply>> once = new HashMap<>();
  private final Map<String, Reply> sticky = new HashMap<>();

  private FakeApns(MockApnsServer server, NioEventLoopGroup group, int port) {
    this.server = server;
    this.group = group;
    this.port = port;
  }

  /** Starts on a free port (blocks until listening). */
  public static FakeApns start() {
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    FakeApns[] self = new FakeApns[1];
    try (InputStream cert = resource("server.pem"); InputStream key = resource("server.key")) {
      MockApnsServer server = new MockApnsServerBuilder()
          .setServerCredentials(cert, key, null)
          .setEventLoopGroup(group)
          .setHandlerFactory(ssl -> (headers, payload) -> self[0].handle(headers, payload))
          .build();
      // port 0: the OS picks a free one and start() reports it (no window for another process to take it)
      int port = server.start(0).get(AWAIT_SECONDS, TimeUnit.SECONDS);
      self[0] = new FakeApns(server, group, port);
      return self[0];
    } catch (Exception e) {
      group.shutdownGracefully();
      throw new IllegalStateException("FakeApns did not start", e);
    }
  }

  /**
   * Points a node's APNs settings at this server: token auth with the test .p8 and ids, the test
   * bundle, host/port, and the server's certificate as trusted. Call before {@code node.start}, or
   * then write the config and ask for a reload.
   */
  public static void configure(TestNode node, FakeApns apns) {
    configure(node, apns.port());
  }

  /** As {@link #configure(TestNode, FakeApns)} for any port, e.g. one where nothing listens (APNs down). */
  public static void configure(TestNode node, int port) {
    node.set("push.apns.bundle", BUNDLE)
        .set("push.apns.p8", copy("token-key.p8", node.dir).toString())
        .set("push.apns.teamId", TEAM_ID)
        .set("push.apns.keyId", KEY_ID)
        .set("push.apns.host", "127.0.0.1")
        .set("push.apns.port", port)
        .set("push.apns.trustedCert", copy("server.pem", node.dir).toString());
  }

  public int port() {
    return port;
  }

  /** Replies for the next notifications to {@code token}, used once each in order; then {@link #always} or accept. */
  public synchronized FakeApns reply(String token, Reply... replies) {
    once.computeIfAbsent(token, k -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  /** The reply for every notification to {@code token} once the one-shot replies are used up. */
  public synchronized FakeApns always(String token, Reply reply) {
    sticky.put(token, reply);
    return this;
  }

  /** Fails {@code times} notifications to {@code token} with {@code reason}, then accepts. */
  public FakeApns failThenAccept(String token, int times, RejectionReason reason) {
    Reply[] r = new Reply[times];
    java.util.Arrays.fill(r, Reply.reject(reason));
    return reply(token, r);
  }

  public synchronized List<Notification> received() {
    return List.copyOf(received);
  }

  public synchronized List<Notification> receivedFor(String token) {
    return received.stream().filter(n -> n.token().equals(token)).toList();
  }

  public synchronized int count() {
    return received.size();
  }

  /** The n-th notification (1-based) once it has arrived. */
  public synchronized CompletableFuture<Notification> nth(int n) {
    if (received.size() >= n) return CompletableFuture.completedFuture(received.get(n - 1));
    return waiters.computeIfAbsent(n, k -> new CompletableFuture<>());
  }

  /** Waits up to 10 s for the n-th notification (1-based). */
  public Notification await(int n) {
    try {
      return nth(n).get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("FakeApns: notification " + n + " did not arrive (got " + count() + ")", e);
    }
  }

  private void handle(io.netty.handler.codec.http2.Http2Headers h, io.netty.buffer.ByteBuf body) throws RejectedNotificationException {
    long at = System.nanoTime();
    String path = String.valueOf(h.path());
    String token = path.substring(path.lastIndexOf('/') + 1);
    Map<String, String> headers = new TreeMap<>();
    h.forEach(e -> headers.put(e.getKey().toString(), e.getValue().toString()));
    Reply reply;
    CompletableFuture<Notification> waiter;
    Notification n;
    synchronized (this) {
      ArrayDeque<Reply> q = once.get(token);
      reply = q != null && !q.isEmpty() ? q.poll() : sticky.getOrDefault(token, Reply.accept());
      n = new Notification(token, headers.get("apns-topic"), headers.get("apns-push-type"),
          Integer.parseInt(headers.getOrDefault("apns-priority", "10")), Long.parseLong(headers.getOrDefault("apns-expiration", "0")),
          headers.get("apns-id"), new JsonObject(body.toString(StandardCharsets.UTF_8)), headers, describe(reply), at);
      received.add(n);
      waiter = waiters.remove(received.size());
    }
    if (waiter != null) waiter.complete(n);
    if (reply instanceof Reject r) throw new RejectedNotificationException(r.reason());
    if (reply instanceof Unregistered) throw new UnregisteredDeviceTokenException(Instant.now());
  }

  private static String describe(Reply r) {
    if (r instanceof Reject x) return "reject " + x.reason();
    return r instanceof Unregistered ? "unregistered" : "accept";
  }

  @Override
  public void close() {
    try {
      server.shutdown().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a test ending anyway; the port is released with the group below
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static InputStream resource(String name) {
    InputStream in = FakeApns.class.getResourceAsStream("/apns/" + name);
    if (in == null) throw new IllegalStateException("missing test resource apns/" + name);
    return in;
  }

  private static Path copy(String name, Path dir) {
    try (InputStream in = resource(name)) {
      Path target = dir.resolve("apns-" + name);
      Files.createDirectories(dir);
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
