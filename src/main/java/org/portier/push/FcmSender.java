package org.portier.push;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.NoRetryMessagingClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.portier.config.Config;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FCM HTTP v1 through firebase-admin. Each instance owns a uniquely named FirebaseApp (several
 * nodes share one JVM in tests; a reload replaces the app) and a worker pool for the blocking sends,
 * so slow FCM answers never hold the event loop or Vert.x's shared worker pool.
 */
final class FcmSender implements PushSender {
  private static final Logger LOG = LoggerFactory.getLogger(FcmSender.class);
  private static final AtomicLong INSTANCES = new AtomicLong();
  private final FirebaseApp app;
  private final NoRetryMessagingClient client;
  private final WorkerExecutor workers;
  private final int maxInFlight;

  private FcmSender(FirebaseApp app, NoRetryMessagingClient client, WorkerExecutor workers, int maxInFlight) {
    this.app = app;
    this.client = client;
    this.workers = workers;
    this.maxInFlight = maxInFlight;
  }

  /** Credentials, or an endpoint with a project id (test seam). */
  static boolean configured(Config c) {
    return !c.string("push.fcm.serviceAccount").isEmpty()
        || (!c.string("push.fcm.endpoint").isEmpty() && !c.string("push.fcm.projectId").isEmpty());
  }

  /** Reads the service-account file, so call it off the event loop. */
  static FcmSender create(Vertx vertx, Config c, int maxInFlight) throws IOException {
    String endpoint = c.string("push.fcm.endpoint");
    String file = c.string("push.fcm.serviceAccount");
    JsonObject account = file.isEmpty() || !Files.isReadable(Path.of(file)) ? new JsonObject() : new JsonObject(Files.readString(Path.of(file)));
    String projectId = !c.string("push.fcm.projectId").isEmpty() ? c.string("push.fcm.projectId") : account.getString("project_id", "");
    GoogleCredentials credentials;
    if (!endpoint.isEmpty() && !account.containsKey("private_key")) {
      // A fake FCM: a fixed access token, so no OAuth exchange with Google is attempted.
      credentials = GoogleCredentials.create(new AccessToken("portier-test", new Date(Long.MAX_VALUE / 2)));
    } else {
      if (!account.containsKey("private_key")) throw new IOException("push.fcm.serviceAccount: " + file + " is not a readable service-account JSON file");
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        credentials = ServiceAccountCredentials.fromStream(in);
      }
    }
    FirebaseOptions.Builder options = FirebaseOptions.builder().setCredentials(credentials).setConnectTimeout(10_000).setReadTimeout(20_000);
    if (!projectId.isEmpty()) options.setProjectId(projectId);
    if (!endpoint.isEmpty()) options.setHttpTransport(FcmEndpoint.transport(endpoint));
    String name = "portier-fcm-" + INSTANCES.incrementAndGet();
    FirebaseApp app = FirebaseApp.initializeApp(options.build(), name);
    try {
      NoRetryMessagingClient client = new NoRetryMessagingClient(app);
      int threads = Math.max(1, c.integer("push.fcm.threads"));
      WorkerExecutor workers = vertx.createSharedWorkerExecutor(name, threads);
      LOG.info("FCM ready for project {}{}", projectId, endpoint.isEmpty() ? "" : " at " + endpoint);
      return new FcmSender(app, client, workers, Math.min(maxInFlight, threads));
    } catch (RuntimeException e) {
      app.delete();
      throw e;
    }
  }

  @Override
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public Future<Outcome> send(PushJob job) {
    com.google.firebase.messaging.Message message;
    try {
      message = FcmMessages.of(job, Store.now());
    } catch (RuntimeException e) {
      return Future.succeededFuture(Outcome.failed("FCM message refused: " + e.getMessage()));
    }
    // Called on the verticle's context, so the result comes back on it too.
    return workers.executeBlocking(() -> client.send(message), false).map(Outcome::accepted).otherwise(FcmSender::outcome);
  }

  static Outcome outcome(Throwable e) {
    if (!(e instanceof FirebaseMessagingException f)) {
      return e instanceof IOException ? Outcome.retry("FCM transport: " + e) : Outcome.failed("FCM: " + e);
    }
    MessagingErrorCode code = f.getMessagingErrorCode();
    Integer status = f.getHttpResponse() == null ? null : f.getHttpResponse().getStatusCode();
    String reason = code != null ? code.name() : f.getErrorCode().name();
    if (code == MessagingErrorCode.UNREGISTERED) return Outcome.rejected(reason, true);
    if (code == MessagingErrorCode.UNAVAILABLE || code == MessagingErrorCode.INTERNAL || code == MessagingErrorCode.QUOTA_EXCEEDED) {
      return Outcome.retry(reason, retryAfter(f));
    }
    if (code == null && status == null) return Outcome.retry("FCM transport: " + f.getMessage());
    if (code == null && (status == 429 || status >= 500)) return Outcome.retry(reason, retryAfter(f));
    if (code != MessagingErrorCode.INVALID_ARGUMENT) {
      LOG.warn("FCM refused a push with {} {} (not retried; check the project and credentials)", status, reason);
    }
    return Outcome.rejected(reason, false);
  }

  private static Duration retryAfter(FirebaseMessagingException f) {
    if (f.getHttpResponse() == null) return null;
    Object v = f.getHttpResponse().getHeaders().get("retry-after");
    if (v instanceof java.util.List<?> l && !l.isEmpty()) v = l.get(0);
    try {
      return v == null ? null : Duration.ofSeconds(Long.parseLong(v.toString().trim()));
    } catch (NumberFormatException notSeconds) {
      return null; // an HTTP date: rare for FCM, the normal backoff applies
    }
  }

  @Override
  public Future<Void> close() {
    workers.close();
    app.delete();
    return Future.succeededFuture();
  }
}
