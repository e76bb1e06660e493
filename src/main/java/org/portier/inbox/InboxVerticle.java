package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.portier.bus.Addresses;
import org.portier.config.Config;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox actor: fans broadcasts out. Each batch of {@code inbox.batchSize} recipients is stored
 * in one transaction (messages and badges), then its pushes go to the push actor in one
 * push.send; the next batch starts from a fresh event-loop turn, so a broadcast of any size never
 * holds the event loop or the pool for long. Broadcasts are persisted before the operator is
 * answered; on start, every running one is resumed (a batch stored but not yet pushed is pushed
 * again), and a periodic sweep takes over broadcasts that nobody advanced for a while (a node that
 * died). Messages are never stored twice (the cursor is compare-and-set); pushes are at least once.
 */
public final class InboxVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(InboxVerticle.class);
  private static final long SWEEP_MS = 10_000;
  /** A running broadcast nobody advanced for this long belongs to a node that stopped. */
  private static final long ORPHAN_MS = 60_000;
  private static final long RETRY_MS = 1_000;

  private volatile Config config;
  private final Store store;
  private Broadcasts broadcasts;
  private final Set<Long> working = new HashSet<>();
  private boolean stopping;
  private long sweepTimer;

  public InboxVerticle(Config config, Store store) {
    this.config = config;
    this.store = store;
  }

  @Override
  public Future<?> start() {
    broadcasts = new Broadcasts(store.pool(), () -> config.string("push.apns.bundle"));
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_CHANGED, m -> config = new Config(m.body()));
    sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> resume(ORPHAN_MS));
    return vertx.eventBus().<JsonObject>consumer(Addresses.INBOX_BROADCAST, m -> {
      Object id = m.body() == null ? null : m.body().getValue("broadcastId");
      if (!(id instanceof String s) || !s.matches("\\d{1,18}")) {
        m.fail(400, "broadcastId (digits) is required");
        return;
      }
      work(Long.parseLong(s));
      m.reply(new JsonObject().put("accepted", true));
    }).completion().onSuccess(v -> resume(0));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }

  private void resume(long idleMillis) {
    broadcasts.running(idleMillis).onSuccess(ids -> ids.forEach(this::work))
        .onFailure(e -> LOG.warn("looking for unfinished broadcasts failed: {}", e.toString()));
  }

  /** Starts working on a broadcast unless this actor already does. */
  private void work(long id) {
    if (stopping || !working.add(id)) return;
    broadcasts.load(id).compose(b -> {
      if (b == null || !Broadcasts.RUNNING.equals(b.state())) return Future.succeededFuture();
      // A batch stored before a restart whose pushes never reached the outbox: push it now.
      Future<Void> pending = b.pushedCursor() < b.cursor()
          ? broadcasts.deliveries(b).compose(batch -> push(b, batch)) : Future.succeededFuture();
      return pending.compose(v -> loop(b));
    }).onComplete(ar -> {
      working.remove(id);
      if (ar.failed() && !stopping) {
        LOG.warn("broadcast {} paused: {}; retrying", id, ar.cause().toString());
        vertx.setTimer(RETRY_MS, t -> work(id));
      }
    });
  }

  /** One batch after another until the broadcast is done, another worker took it over, or the actor stops. */
  private Future<Void> loop(Broadcasts.Broadcast b) {
    if (stopping) return Future.succeededFuture();
    int size = config.integer("inbox.batchSize");
    return broadcasts.storeNext(b, size).compose(batch -> {
      if (batch == null) {
        LOG.info("broadcast {} is advanced by another worker", b.id());
        return Future.succeededFuture();
      }
      if (batch.stored() == 0) {
        LOG.info("broadcast {} done", b.id());
        return Future.succeededFuture();
      }
      Broadcasts.Broadcast next = new Broadcasts.Broadcast(b.id(), b.kind(), b.targetId(), b.title(), b.body(), b.action(), b.ext(),
          b.state(), batch.to(), b.pushedCursor());
      return push(b, batch).compose(v -> yieldThen(() -> loop(next)));
    });
  }

  private Future<Void> push(Broadcasts.Broadcast b, Broadcasts.Batch batch) {
    long ttl = config.duration("inbox.pushTtl").toSeconds();
    List<JsonObject> pushes = new ArrayList<>(batch.deliveries().size());
    for (Broadcasts.Delivery d : batch.deliveries()) {
      pushes.add(TextPush.request(d.device(), d.messageId(), b.title(), b.body(), b.action(), b.ext(), d.badge(), ttl, config.string("push.apns.bundle")));
    }
    return PushHandOff.send(vertx, pushes).compose(queued -> broadcasts.markPushed(b.id(), batch.to(), queued));
  }

  /** Runs the next step on a later event-loop turn, so other work on this context goes first. */
  private <T> Future<T> yieldThen(java.util.function.Supplier<Future<T>> next) {
    Promise<Void> p = Promise.promise();
    vertx.runOnContext(v -> p.complete());
    return p.future().compose(v -> next.get());
  }
}
