package org.portier.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.portier.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APNs through Pushy: one long-lived client per APNs environment (production and development host),
 * both on one Netty event-loop thread. A row's {@code sandbox} flag picks the client. Responses
 * arrive on Netty's thread and are handed back to the verticle's context.
 */
final class ApnsSender implements PushSender {
  private static final Logger LOG = LoggerFactory.getLogger(ApnsSender.class);
  private final Context context;
  private final EventLoopGroup group;
  private final ApnsClient production;
  private final ApnsClient development;
  private final int maxInFlight;

  private ApnsSender(Context context, EventLoopGroup group, ApnsClient production, ApnsClient development, int maxInFlight) {
    this.context = context;
    this.group = group;
    this.production = production;
    this.development = development;
    this.maxInFlight = maxInFlight;
  }

  static boolean configured(Config c) {
    return !c.string("push.apns.p8").isEmpty() || !c.string("push.apns.p12").isEmpty();
  }

  /** Reads the key or certificate files, so call it off the event loop. */
  // Pushy 0.15 picks its channel class by the group's class name and knows NioEventLoopGroup, which Netty 4.2 deprecates.
  @SuppressWarnings("deprecation")
  static ApnsSender create(Config c, Context context, int maxInFlight) throws Exception {
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      String host = c.string("push.apns.host");
      ApnsClient prod = builder(c, group).setApnsServer(host.isEmpty() ? ApnsClientBuilder.PRODUCTION_APNS_HOST : host, port(c, host)).build();
      ApnsClient dev = builder(c, group).setApnsServer(host.isEmpty() ? ApnsClientBuilder.DEVELOPMENT_APNS_HOST : host, port(c, host)).build();
      LOG.info("APNs ready ({} auth{})", c.string("push.apns.p8").isEmpty() ? "certificate" : "token",
          host.isEmpty() ? "" : ", both environments at " + host + ":" + port(c, host));
      return new ApnsSender(context, group, prod, dev, maxInFlight);
    } catch (Exception e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  private static int port(Config c, String host) {
    return host.isEmpty() ? ApnsClientBuilder.DEFAULT_APNS_PORT : c.integer("push.apns.port");
  }

  private static ApnsClientBuilder builder(Config c, EventLoopGroup group) throws Exception {
    ApnsClientBuilder b = new ApnsClientBuilder().setEventLoopGroup(group);
    if (!c.string("push.apns.p8").isEmpty()) {
      b.setSigningKey(ApnsSigningKey.loadFromPkcs8File(new File(c.string("push.apns.p8")), c.string("push.apns.teamId"), c.string("push.apns.keyId")));
    } else {
      b.setClientCredentials(new File(c.string("push.apns.p12")), c.string("push.apns.p12Password"));
    }
    if (!c.string("push.apns.trustedCert").isEmpty()) b.setTrustedServerCertificateChain(new File(c.string("push.apns.trustedCert")));
    return b;
  }

  @Override
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public Future<Outcome> send(PushJob job) {
    CompletionStage<Outcome> outcome;
    try {
      SimpleApnsPushNotification n = new SimpleApnsPushNotification(job.token, job.topic, payload(job), Instant.ofEpochMilli(job.expiresAt),
          job.isVoip() || job.priority >= 10 ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER,
          job.isVoip() ? PushType.VOIP : PushType.ALERT);
      outcome = (job.sandbox ? development : production).sendNotification(n).handle(ApnsSender::outcome);
    } catch (RuntimeException e) {
      outcome = CompletableFuture.completedFuture(Outcome.failed("APNs client refused the push: " + e.getMessage()));
    }
    return Future.fromCompletionStage(outcome, context);
  }

  /**
   * VoIP: {@code {"data": {...}}} and no aps, as the apps' PushKit handlers read it, or the caller's
   * apnsPayload as it is. Alert: aps with
   * the title/body, plus the data both under "data" and at the top level, because an iOS app reads
   * FCM-delivered pushes' data at the top level of userInfo and should not care which way one came.
   */
  static String payload(PushJob job) {
    if (job.isVoip()) return job.apnsPayload != null ? job.apnsPayload.encode() : new JsonObject().put("data", job.data).encode();
    JsonObject p = new JsonObject();
    job.data.forEach(e -> p.put(e.getKey(), e.getValue()));
    JsonObject alert = new JsonObject();
    if (job.title != null) alert.put("title", job.title);
    if (job.body != null) alert.put("body", job.body);
    JsonObject aps = new JsonObject().put("sound", "default");
    if (!alert.isEmpty()) aps.put("alert", alert);
    return p.put("aps", aps).put("data", job.data).encode();
  }

  static Outcome outcome(PushNotificationResponse<?> r, Throwable error) {
    if (error != null) return Outcome.retry("APNs transport: " + rootMessage(error));
    if (r.isAccepted()) return Outcome.accepted(r.getApnsId() == null ? null : r.getApnsId().toString());
    int status = r.getStatusCode();
    String reason = r.getRejectionReason().orElse("HTTP " + status);
    switch (reason) {
      case "BadDeviceToken", "DeviceTokenNotForTopic", "Unregistered":
        return Outcome.rejected(reason, true);
      case "TooManyRequests", "InternalServerError", "ServiceUnavailable", "Shutdown", "ExpiredProviderToken":
        // ExpiredProviderToken: Pushy signs a fresh token for the next attempt
        return Outcome.retry(reason);
      default:
        if (status == 410) return Outcome.rejected(reason, true);
        if (status == 429 || status >= 500) return Outcome.retry(reason);
        LOG.warn("APNs rejected a push with {} {} (not retried; check topic and credentials)", status, reason);
        return Outcome.rejected(reason, false);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  @Override
  public Future<Void> close() {
    CompletableFuture<Void> both = CompletableFuture.allOf(production.close(), development.close())
        .handle((v, e) -> null)
        .thenCompose(v -> {
          CompletableFuture<Void> done = new CompletableFuture<>();
          group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).addListener(f -> done.complete(null));
          return done;
        });
    return Future.fromCompletionStage(both, context);
  }
}
