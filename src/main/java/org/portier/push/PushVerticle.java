package org.portier.push;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.portier.bus.Addresses;
import org.portier.config.Config;
import org.portier.security.SecretBox;
import org.portier.security.Secrets;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push actor. Owns the APNs and FCM clients and every push this node works on.
 *
 * <p>{@link Addresses#PUSH_SEND}: the request's rows are written to push_outbox in one transaction,
 * the reply {@code {"ids": [...]}} means "persisted", and only then are they sent, many at once
 * within a per-provider limit. Each attempt's outcome becomes the row's state (see {@link PushState}).
 * Retryable failures come back after an exponential backoff with jitter, never past the row's TTL.
 * A token the provider calls dead is flagged on its devices. On start, rows a previous run left
 * unfinished are resumed. A config reload that changes push credentials rebuilds the clients and
 * sends what waited for them.
 *
 * <p>Nothing waits here without a bound. Rows waiting for their outbox write (the store is slow or
 * stalled) are capped by {@code push.maxUnwritten}: past it push.send fails at once with code 503
 * ("push outbox busy: ..."), so callers answer 503 with Retry-After instead of queueing for ever.
 * Rows waiting for a provider without credentials ({@link PushState#NO_PROVIDER}, up to their TTL)
 * stay in the outbox only: credentials arriving re-read them page by page, the status counts them
 * there, and a timer expires them there.
 *
 * <p>Unfinished rows are leased to this node (see {@link Outbox}): it renews the lease while it
 * works on them and takes over rows of nodes that stopped renewing, so nodes sharing a database
 * neither lose nor double-send a push that is waiting for a retry or a provider.
 *
 * <p>{@link Addresses#PUSH_CANCEL} (a door call ended) ends the pushes with its refs that no
 * provider accepted yet as {@link PushState#EXPIRED}, wherever they wait (see {@link #onCancel}).
 *
 * <p>Every committed state change is published on {@link #OUTCOMES} as
 * {@code {"id","state","attempts","provider","lastError"?,"providerId"?,"ref"?,"deviceId"?}}.
 */
public final class PushVerticle extends VerticleBase {
  /** See {@link Addresses#PUSH_OUTCOME}. */
  public static final String OUTCOMES = Addresses.PUSH_OUTCOME;
  /** See {@link Addresses#PUSH_STATUS}. */
  public static final String STATUS = Addresses.PUSH_STATUS;
  private static final Logger LOG = LoggerFactory.getLogger(PushVerticle.class);
  private static final int RESUME_PAGE = 1000;
  /** Rows re-read at once when a provider's credentials arrive; the next page waits until the lane took most of these. */
  private static final int PARKED_PAGE = 1000;
  private static final long PARKED_POLL_MS = 100;
  /** Most rows in one group-committed outbox transaction (a bigger single request still goes whole). */
  private static final int OUTBOX_GROUP_ROWS = 500;
  private static final long SWEEP_MS = 5_000;
  /** How often finished outbox rows past push.keepFinished are purged (see {@link OutboxRetention}). */
  static final long PURGE_MS = 60_000;
  /** How long a dead token is remembered in memory to stop rows created before it died. */
  private static final long DEAD_TOKEN_MEMORY_MS = 3_600_000;
  private static final List<String> PROVIDERS = List.of(PushRequest.APNS, PushRequest.FCM);
  /** How long, and for how many refs at most, a push.cancel is remembered to stop rows whose push.send was still on its way. */
  static final long CANCEL_MEMORY_MS = 3_600_000;
  static final int CANCEL_MEMORY_REFS = 100_000;
  /** Most refs one push.cancel may name (a door call has a leg per device), and most outbox rows one cancel ends. */
  private static final int CANCEL_MAX_REFS = 1_000;
  private static final int CANCEL_MAX_ROWS = 10_000;
  private static final String CANCEL_DEFAULT_REASON = "call ended";

  private Config config;
  private final Store store;
  /** Seals the outbox payloads (null until start loads it, when not handed in). */
  private SecretBox box;
  private Outbox outbox;
  private StateWriter writer;
  private Backoff backoff;
  private final Map<String, PushSender> senders = new HashMap<>();
  private final Map<String, String> senderSettings = new HashMap<>();
  private final Map<String, Lane> lanes = new HashMap<>();
  /** Providers whose parked rows are being re-read from the outbox (credentials just arrived). */
  private final Set<String> releasing = new HashSet<>();
  private boolean expiringParked;
  /** "tokenKind:token" → when the provider said it is dead. */
  private final Map<String, Long> deadTokens = new HashMap<>();
  /**
   * ref → when and why push.cancel named it, oldest first, capped: a push.send that was slow, or a
   * row read back from the outbox, still carries a cancelled ref after the cancel went by.
   */
  private final java.util.LinkedHashMap<String, Cancelled> cancelled = new java.util.LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cancelled> eldest) {
      return size() > CANCEL_MEMORY_REFS;
    }
  };
  /** Rows waiting out a retry backoff, by id, with their timers (so a cancel can stop them at once). */
  private final Map<Long, Delayed> delayed = new HashMap<>();
  /** Ids of the rows this node holds in memory (in a lane, in flight, waiting to retry); parked rows are not. */
  private final Set<Long> live = new HashSet<>();
  private Future<Void> reconfiguring = Future.succeededFuture();
  private long sweepTimer = -1;
  private long purgeTimer = -1;
  private boolean purging;
  private OutboxRetention retention;
  private long leaseTimer = -1;
  private boolean leaseUpkeep;
  /** push.send requests whose rows wait for the next outbox transaction (see {@link #writeOutbox}). */
  private final java.util.ArrayDeque<Unwritten> unwritten = new java.util.ArrayDeque<>();
  private boolean outboxWriting;
  /**
   * Reads of unfinished rows under way ({@link #readOutbox}), and the rows that left memory meanwhile:
   * they stay in {@link #live} until no read is under way, or a read whose rows predate their final
   * state would take them up again and send them twice.
   */
  private int reading;
  private final List<Long> forgetAfterReads = new ArrayList<>();
  /** Rows of accepted push.send requests not yet committed (waiting for ids, in {@link #unwritten}, or being written). */
  private int unwrittenRows;

  private record Cancelled(long at, String reason) {}

  private record Delayed(PushJob job, long timer) {}

  private record Unwritten(Message<Object> message, List<PushRequest> requests, List<PushJob> jobs) {}

  /** Seals payloads with the key in {@code store.secretKeyFile} (read at start). */
  public PushVerticle(Config config, Store store) {
    this(config, store, null);
  }

  /** Seals payloads with the node's {@code box} (the one its other actors use). */
  public PushVerticle(Config config, Store store, SecretBox box) {
    this.config = config;
    this.store = store;
    this.box = box;
  }

  @Override
  public Future<?> start() {
    writer = new StateWriter(vertx, store.pool(), c -> vertx.eventBus().publish(OUTCOMES, c.event()));
    for (String p : PROVIDERS) lanes.put(p, new Lane(() -> limit(p), this::attempt));
    long lease = config.duration("push.lease").toMillis();
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_CHANGED, m -> reconfigure(new Config(m.body())));
    // Resume before taking requests: a row is then either resumed or new, never both.
    return vertx.executeBlocking(() -> {
          if (box == null) box = SecretBox.fromKeyFile(java.nio.file.Path.of(config.string("store.secretKeyFile")));
          return NodeIdentity.load(config);
        })
        // map, not onSuccess: an onSuccess listener may run after the next compose step when the
        // blocking part finishes before the chain is built, and that step reads outbox.
        .map(owner -> outbox = new Outbox(vertx, store.pool(), store.ids(), box, owner, lease))
        .compose(o -> reconfigure(config))
        .compose(v -> outbox.claimOrphans(Store.now()))
        .compose(claimed -> resume(0, 0))
        .compose(v -> vertx.eventBus().consumer(STATUS, m -> reconfiguring.onComplete(x -> status().onComplete(ar -> {
          if (ar.succeeded()) m.reply(ar.result());
          else m.fail(503, "push status unavailable: " + ar.cause().getMessage());
        }))).completion())
        // Before push.send: a cancel is then never missed by a request taken on this node.
        .compose(v -> vertx.eventBus().<Object>consumer(Addresses.PUSH_CANCEL, this::onCancel).completion())
        .compose(v -> vertx.eventBus().consumer(Addresses.PUSH_SEND, this::onSend).completion())
        .onSuccess(v -> {
          sweepTimer = vertx.setPeriodic(SWEEP_MS, t -> sweep());
          retention = new OutboxRetention(store.pool());
          purgeTimer = vertx.setPeriodic(1_000, PURGE_MS, t -> purge());
          leaseTimer = vertx.setPeriodic(Math.max(100, lease / 3), t -> keepLeases());
        });
  }

  @Override
  public Future<?> stop() {
    if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
    if (purgeTimer >= 0) vertx.cancelTimer(purgeTimer);
    if (leaseTimer >= 0) vertx.cancelTimer(leaseTimer);
    List<Future<Void>> closing = new ArrayList<>();
    senders.values().forEach(s -> closing.add(s.close()));
    senders.clear();
    // What is still unfinished stays in the outbox; releasing it lets another node take it now,
    // and this node, restarted on the same data directory, takes it back anyway.
    return Future.join(closing).transform(x -> writer.drain())
        .transform(x -> outbox == null ? Future.succeededFuture() : outbox.release().otherwiseEmpty());
  }

  private void onSend(Message<Object> m) {
    List<PushRequest> requests;
    try {
      requests = PushRequest.parseAll(m.body());
    } catch (PushRequest.Invalid e) {
      m.fail(400, e.getMessage());
      return;
    }
    int limit = Math.max(1, config.integer("push.maxUnwritten"));
    // A request larger than the limit still goes when nothing else waits (a broadcast of MAX_BATCH).
    if (unwrittenRows > 0 && unwrittenRows + requests.size() > limit) {
      m.fail(PushBusy.CODE, PushBusy.PREFIX + unwrittenRows + " pushes wait for the store (push.maxUnwritten = " + limit + "), try again later");
      return;
    }
    unwrittenRows += requests.size();
    long now = Store.now();
    outbox.newIds(requests.size()).onSuccess(ids -> {
      List<PushJob> jobs = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) jobs.add(PushJob.fromRequest(ids.get(i), now, requests.get(i)));
      // Held before the write commits, so a concurrent scan for orphaned rows never takes them too.
      live.addAll(ids);
      unwritten.add(new Unwritten(m, requests, jobs));
      writeOutbox();
    }).onFailure(e -> {
      unwrittenRows -= requests.size();
      LOG.error("push outbox ids failed for {} pushes: {}", requests.size(), e.toString());
      m.fail(500, "push outbox write failed");
    });
  }

  /**
   * Group commit: while one outbox transaction commits (a disk sync on HSQLDB files), the push.send
   * requests arriving meanwhile gather and go in the next one, so a burst of single-push requests
   * costs a few commits instead of one each. A request is still answered, and its pushes sent, only
   * once its rows are committed. A failed group is written again request by request, so one bad
   * request fails alone, as it would have on its own.
   */
  private void writeOutbox() {
    if (outboxWriting || unwritten.isEmpty()) return;
    List<Unwritten> group = new ArrayList<>();
    int rows = 0;
    while (!unwritten.isEmpty() && (group.isEmpty() || rows + unwritten.peek().jobs.size() <= OUTBOX_GROUP_ROWS)) {
      Unwritten u = unwritten.poll();
      group.add(u);
      rows += u.jobs.size();
    }
    outboxWriting = true;
    insert(group).onComplete(ar -> {
      if (ar.succeeded() || group.size() == 1) {
        group.forEach(u -> written(u, ar.cause()));
        outboxWriting = false;
        writeOutbox();
        return;
      }
      Future<Void> alone = Future.succeededFuture();
      for (Unwritten u : group) alone = alone.transform(x -> insert(List.of(u)).transform(one -> {
        written(u, one.cause());
        return Future.succeededFuture();
      }));
      alone.onComplete(x -> {
        outboxWriting = false;
        writeOutbox();
      });
    });
  }

  private Future<Void> insert(List<Unwritten> group) {
    List<PushJob> jobs = new ArrayList<>();
    List<PushRequest> requests = new ArrayList<>();
    for (Unwritten u : group) {
      jobs.addAll(u.jobs);
      requests.addAll(u.requests);
    }
    return outbox.insert(jobs, requests);
  }

  /** A request's rows are committed ({@code failure} null): answer "persisted" and send; else free them and fail it. */
  private void written(Unwritten u, Throwable failure) {
    unwrittenRows -= u.jobs.size();
    if (failure != null) {
      u.jobs.forEach(j -> live.remove(j.id));
      LOG.error("push outbox write failed for {} pushes: {}", u.jobs.size(), failure.toString());
      u.message.fail(500, "push outbox write failed");
      return;
    }
    JsonArray ids = new JsonArray();
    u.jobs.forEach(j -> ids.add(Long.toString(j.id)));
    u.message.reply(new JsonObject().put("ids", ids));
    u.jobs.forEach(this::dispatch);
  }

  /** Routes a row: expired, dead token, parked for want of credentials, or into its provider's lane. */
  private void dispatch(PushJob job) {
    long now = Store.now();
    if (stopsHere(job, now)) return;
    if (senders.get(job.provider) == null) {
      park(job);
      return;
    }
    lanes.get(job.provider).submit(job);
  }

  /** Ends a row that must not be sent: its TTL passed, its door call ended, or its token died after it was written. */
  private boolean stopsHere(PushJob job, long now) {
    Cancelled c = job.ref == null ? null : cancelled.get(job.ref);
    if (c != null) {
      finish(job, PushState.EXPIRED, c.reason(), null);
      return true;
    }
    if (job.unreadable) {
      LOG.error("push {} cannot be sent: its payload does not open with this node's key (store.secretKeyFile changed?)", job.id);
      finish(job, PushState.FAILED, "payload cannot be decrypted with this node's key", null);
      return true;
    }
    if (job.remainingMillis(now) <= 0) {
      finish(job, PushState.EXPIRED, job.attempts == 0 ? "ttl passed before delivery" : null, null);
      return true;
    }
    Long deadAt = deadTokens.get(job.tokenKind + ":" + job.token);
    if (deadAt != null && job.createdAt <= deadAt) {
      finish(job, PushState.REJECTED, "token dead", null);
      return true;
    }
    return false;
  }

  /** One attempt, started by the lane; the returned future ends when the lane may start another. */
  private Future<?> attempt(PushJob job) {
    long now = Store.now();
    if (stopsHere(job, now)) return Future.succeededFuture();
    PushSender sender = senders.get(job.provider);
    if (sender == null) {
      park(job);
      return Future.succeededFuture();
    }
    job.attempts++;
    return sender.send(job).onSuccess(o -> onOutcome(job, o));
  }

  private void onOutcome(PushJob job, Outcome o) {
    switch (o.kind()) {
      case ACCEPTED -> finish(job, PushState.ACCEPTED, null, o.providerId());
      case FAILED -> {
        LOG.warn("push {} failed: {}", job.id, o.reason());
        finish(job, PushState.FAILED, o.reason(), null);
      }
      case REJECTED -> {
        if (o.tokenDead()) tokenDied(job, o.reason()).onComplete(x -> finish(job, PushState.REJECTED, o.reason(), null));
        else finish(job, PushState.REJECTED, o.reason(), null);
      }
      case RETRY -> retryLater(job, o);
    }
  }

  private void retryLater(PushJob job, Outcome o) {
    Cancelled c = job.ref == null ? null : cancelled.get(job.ref);
    if (c != null) {
      finish(job, PushState.EXPIRED, c.reason(), null);
      return;
    }
    if (job.attempts >= config.integer("push.maxAttempts")) {
      finish(job, PushState.FAILED, "gave up after " + job.attempts + " attempts: " + o.reason(), null);
      return;
    }
    long now = Store.now();
    long delay = backoff.delayMillis(job.attempts, o.retryAfter());
    if (now + delay >= job.expiresAt) {
      finish(job, PushState.EXPIRED, o.reason(), null);
      return;
    }
    job.state = PushState.RETRYING;
    writer.write(change(job, now, now + delay, o.reason(), null));
    later(job, delay);
  }

  /**
   * Remembers the dead token (rows of it still waiting here are stopped) and flags it in the database.
   * The row's own rejected state is written after this completes, so whoever sees "rejected" (an
   * outcome listener, the status page) also sees the device flag.
   */
  private Future<Void> tokenDied(PushJob job, String reason) {
    long now = Store.now();
    deadTokens.put(job.tokenKind + ":" + job.token, now);
    LOG.info("{} {} token {} is dead ({}), flagged on its devices", job.provider, job.tokenKind, Secrets.fingerprint(job.token), reason);
    return outbox.markTokenDead(job.tokenKind, job.token, reason, now)
        .onFailure(e -> LOG.error("could not flag dead token {}: {}", Secrets.fingerprint(job.token), e.toString()));
  }

  /** Routes the row again after {@code delayMillis} (a retry's backoff). */
  private void later(PushJob job, long delayMillis) {
    long timer = vertx.setTimer(delayMillis, t -> {
      delayed.remove(job.id);
      dispatch(job);
    });
    delayed.put(job.id, new Delayed(job, timer));
  }

  /**
   * A door call ended: its pushes that no provider has accepted yet are ended as expired, the
   * reason as their error, and never sent. Those this node holds (in a lane's queue, waiting out a
   * backoff) end here and now; those waiting for their outbox write, or read back later, end when
   * they reach {@link #stopsHere}, by the remembered ref; those in the outbox only (parked, or of a
   * node that stopped) are read by ref and ended. A push already in flight goes on: when the
   * provider accepts it, it stays accepted (it cannot be recalled); a retry never follows.
   */
  private void onCancel(Message<Object> m) {
    if (!(m.body() instanceof JsonObject body) || !(body.getValue("refs") instanceof JsonArray list)) {
      LOG.warn("push.cancel ignored: the body is not {\"refs\": [...]}");
      return;
    }
    java.util.LinkedHashSet<String> refs = new java.util.LinkedHashSet<>();
    for (Object r : list) {
      if (r instanceof String ref && !ref.isEmpty() && refs.size() < CANCEL_MAX_REFS) refs.add(ref);
    }
    if (refs.isEmpty()) return;
    String reason = body.getValue("reason") instanceof String r && !r.isBlank() ? r : CANCEL_DEFAULT_REASON;
    long now = Store.now();
    for (String ref : refs) {
      cancelled.remove(ref); // re-inserted last: the memory stays ordered by time
      cancelled.put(ref, new Cancelled(now, reason));
    }
    int stopped = 0;
    for (Lane lane : lanes.values()) {
      for (PushJob j : lane.removeWaiting(j -> j.ref != null && refs.contains(j.ref))) {
        finish(j, PushState.EXPIRED, reason, null);
        stopped++;
      }
    }
    for (Delayed d : new ArrayList<>(delayed.values())) {
      if (d.job().ref == null || !refs.contains(d.job().ref)) continue;
      vertx.cancelTimer(d.timer());
      delayed.remove(d.job().id);
      finish(d.job(), PushState.EXPIRED, reason, null);
      stopped++;
    }
    LOG.info("push.cancel for {} ref(s) ({}): {} waiting push(es) stopped here", refs.size(), reason, stopped);
    List<String> asked = new ArrayList<>(refs);
    String error = truncate(reason);
    outbox.cancellable(asked, now, CANCEL_MAX_ROWS).compose(rows -> {
      // Rows held here end on their own path (or were accepted in flight); the others are ended in
      // the outbox where still unfinished, once the state changes handed in so far are committed,
      // so a row this node just finished keeps its final state.
      List<Outbox.Cancellable> resting = new ArrayList<>();
      for (Outbox.Cancellable r : rows) if (!live.contains(r.id())) resting.add(r);
      if (resting.isEmpty()) return Future.succeededFuture(List.<Outbox.Cancellable>of());
      return writer.barrier().compose(v -> outbox.expireUnfinished(resting, error, Store.now()));
    }).onComplete(ar -> {
      if (ar.failed()) {
        // Rows still in the outbox stay stopped by the remembered refs wherever this node reads them.
        LOG.warn("push.cancel: ending the outbox rows of {} ref(s) failed: {}", asked.size(), ar.cause().toString());
        return;
      }
      long at = Store.now();
      for (Outbox.Cancellable r : ar.result()) {
        StateWriter.Change c = new StateWriter.Change(r.id(), PushState.EXPIRED, r.attempts(), at, at, error, null, r.ref(), r.deviceId(),
            r.provider());
        vertx.eventBus().publish(OUTCOMES, c.event());
      }
      if (!ar.result().isEmpty()) LOG.info("push.cancel: {} push(es) waiting in the outbox ended ({})", ar.result().size(), reason);
    });
  }

  /** The row waits in the outbox only (not in memory) until its provider's credentials arrive or its TTL passes. */
  private void park(PushJob job) {
    forget(job.id);
    if (!PushState.NO_PROVIDER.equals(job.state)) {
      job.state = PushState.NO_PROVIDER;
      long now = Store.now();
      writer.write(change(job, now, now, "no " + job.provider + " credentials configured", null));
    }
  }

  /** Ends a row in a final state. */
  private void finish(PushJob job, String state, String error, String providerId) {
    forget(job.id);
    job.state = state;
    long now = Store.now();
    writer.write(change(job, now, now, error, providerId));
  }

  /** The row leaves memory, once no read of unfinished rows is under way. */
  private void forget(long id) {
    if (reading > 0) forgetAfterReads.add(id);
    else live.remove(id);
  }

  /**
   * Reads unfinished rows, after every state change handed in so far is committed, and hands them to
   * {@code use} (on this context); rows already in memory are for {@code use} to skip, by {@link #live}.
   */
  private <T> Future<T> readOutbox(java.util.function.Supplier<Future<List<PushJob>>> query,
      java.util.function.Function<List<PushJob>, T> use) {
    reading++;
    return writer.barrier().compose(v -> query.get()).map(use::apply).onComplete(ar -> {
      if (--reading == 0) {
        forgetAfterReads.forEach(live::remove);
        forgetAfterReads.clear();
      }
    });
  }

  private static StateWriter.Change change(PushJob job, long now, long nextAttemptAt, String error, String providerId) {
    return new StateWriter.Change(job.id, job.state, job.attempts, now, nextAttemptAt, truncate(error), providerId, job.ref, job.deviceId,
        job.provider);
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 500 ? error : error.substring(0, 500);
  }

  /**
   * Loads this node's unfinished rows page by page and routes those it does not hold yet; a retrying
   * row waits for its due time.
   */
  private Future<Void> resume(long afterId, int count) {
    return readOutbox(() -> outbox.pending(afterId, RESUME_PAGE), page -> {
      long now = Store.now();
      int taken = 0;
      for (PushJob j : page) {
        if (!live.add(j.id)) continue;
        taken++;
        long wait = j.nextAttemptAt - now;
        if (PushState.RETRYING.equals(j.state) && wait > 0 && j.nextAttemptAt < j.expiresAt) later(j, wait);
        else dispatch(j);
      }
      return new Page(page, count + taken);
    }).compose(p -> {
      List<PushJob> page = p.rows();
      int total = p.total();
      if (page.size() == RESUME_PAGE) return resume(page.get(page.size() - 1).id, total);
      if (total > 0) LOG.info("resumed {} unfinished pushes from the outbox", total);
      return Future.succeededFuture();
    });
  }

  private record Page(List<PushJob> rows, int total) {}

  /** Renews this node's claim on its unfinished rows, and takes over rows whose node stopped renewing. */
  private void keepLeases() {
    if (leaseUpkeep) return; // the previous round is still at the database
    leaseUpkeep = true;
    long now = Store.now();
    outbox.renew(now).compose(v -> outbox.claimOrphans(now)).compose(claimed -> {
      if (claimed == 0) return Future.<Void>succeededFuture();
      LOG.info("took over {} unfinished pushes from a node that stopped", claimed);
      return resume(0, 0);
    }).onComplete(ar -> {
      leaseUpkeep = false;
      if (ar.failed()) LOG.warn("push outbox lease upkeep failed: {}", ar.cause().toString());
    });
  }

  /** Expires parked rows whose TTL passed (read from the outbox), sends parked rows a provider can take now, forgets old dead tokens. */
  private void sweep() {
    long now = Store.now();
    deadTokens.values().removeIf(at -> now - at > DEAD_TOKEN_MEMORY_MS);
    // Oldest first: stop at the first one still young enough.
    for (var it = cancelled.values().iterator(); it.hasNext() && now - it.next().at() > CANCEL_MEMORY_MS; ) it.remove();
    // A row parked while a read of the outbox was under way can miss the pass that credentials
    // started; looking again each round sends it anyway (an indexed query, empty as a rule).
    for (String p : PROVIDERS) if (senders.get(p) != null && releasing.add(p)) releaseParked(p, 0, 0);
    if (expiringParked) return;
    expiringParked = true;
    readOutbox(() -> outbox.parkedExpired(now, RESUME_PAGE), page -> {
      for (PushJob j : page) {
        if (live.contains(j.id)) continue; // being sent now: its own attempt sees the TTL
        finish(j, PushState.EXPIRED, "ttl passed while no provider was configured", null);
      }
      return page.size();
    }).onComplete(ar -> {
      expiringParked = false;
      if (ar.failed()) LOG.warn("push outbox: expiring parked pushes failed: {}", ar.cause().toString());
    });
  }

  /**
   * Sends the rows that waited for {@code provider}'s credentials, re-read from the outbox a page at
   * a time; the next page waits until the lane has taken most of the previous one, so a day of parked
   * pushes never sits in memory at once.
   */
  private void releaseParked(String provider, long afterId, int count) {
    if (senders.get(provider) == null) {
      releasing.remove(provider);
      return;
    }
    if (lanes.get(provider).waiting() > PARKED_PAGE / 2) {
      vertx.setTimer(PARKED_POLL_MS, t -> releaseParked(provider, afterId, count));
      return;
    }
    readOutbox(() -> outbox.parked(provider, afterId, PARKED_PAGE), page -> {
      int taken = 0;
      for (PushJob j : page) {
        if (!live.add(j.id)) continue;
        taken++;
        dispatch(j);
      }
      return new Page(page, count + taken);
    }).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("push outbox: reading the {} pushes that waited for credentials failed, trying again: {}", provider, ar.cause().toString());
        vertx.setTimer(1_000, t -> releaseParked(provider, afterId, count));
        return;
      }
      List<PushJob> page = ar.result().rows();
      int total = ar.result().total();
      if (page.size() == PARKED_PAGE) {
        releaseParked(provider, page.get(page.size() - 1).id, total);
        return;
      }
      releasing.remove(provider);
      if (total > 0) LOG.info("{} configured: sent {} pushes that waited for it", provider, total);
    });
  }

  /** Deletes finished rows older than push.keepFinished, one round at a time. */
  private void purge() {
    if (purging) return;
    purging = true;
    long before = Store.now() - config.duration("push.keepFinished").toMillis();
    retention.purge(before).onComplete(ar -> {
      purging = false;
      if (ar.failed()) LOG.warn("push outbox purge failed: {}", ar.cause().toString());
      else if (ar.result() > 0) LOG.info("purged {} finished pushes older than {}", ar.result(), config.string("push.keepFinished"));
    });
  }

  /** The status; "parked" counts the outbox rows waiting for credentials (they are not held in memory). */
  private Future<JsonObject> status() {
    return outbox.parkedCounts().map(parked -> {
      JsonObject s = new JsonObject().put("configVersion", config.version()).put("node", outbox.owner()).put("live", live.size())
          .put("unwritten", unwrittenRows);
      for (String p : PROVIDERS) {
        Lane lane = lanes.get(p);
        s.put(p, new JsonObject().put("configured", senders.containsKey(p)).put("inFlight", lane.inFlight())
            .put("waiting", lane.waiting()).put("parked", parked.getOrDefault(p, 0L)));
      }
      return s;
    });
  }

  private int limit(String provider) {
    PushSender s = senders.get(provider);
    return s == null ? Integer.MAX_VALUE : s.maxInFlight();
  }

  /** Applies a config (the first one, or a reload), one at a time in arrival order. */
  private Future<Void> reconfigure(Config next) {
    reconfiguring = reconfiguring.transform(x -> apply(next));
    return reconfiguring;
  }

  private Future<Void> apply(Config next) {
    config = next;
    backoff = new Backoff(next.duration("push.retryBase"), next.duration("push.retryMax"));
    Future<Void> chain = Future.succeededFuture();
    for (String p : PROVIDERS) chain = chain.compose(v -> rebuild(p, next));
    return chain;
  }

  /** Rebuilds one provider's client when its settings changed; the old one serves until the new one is ready. */
  private Future<Void> rebuild(String provider, Config c) {
    String settings = c.table("push." + provider).encode() + "|" + c.integer("push.maxInFlight");
    if (settings.equals(senderSettings.get(provider))) return Future.succeededFuture();
    boolean configured = PushRequest.APNS.equals(provider) ? ApnsSender.configured(c) : FcmSender.configured(c);
    var context = vertx.getOrCreateContext();
    int max = Math.max(1, c.integer("push.maxInFlight"));
    Future<PushSender> built = !configured ? Future.succeededFuture(null)
        : vertx.executeBlocking(() -> PushRequest.APNS.equals(provider) ? ApnsSender.create(c, context, max) : FcmSender.create(vertx, c, max));
    return built.transform(ar -> {
      if (ar.failed()) {
        // Config validation passed, so this is a file that vanished or does not parse: keep what works.
        LOG.error("{} client not rebuilt, the previous one (if any) stays: {}", provider, ar.cause().toString(), ar.cause());
        return Future.succeededFuture();
      }
      senderSettings.put(provider, settings);
      PushSender old = ar.result() == null ? senders.remove(provider) : senders.put(provider, ar.result());
      if (old != null) old.close();
      if (ar.result() == null) {
        if (old != null) LOG.info("{} credentials removed: its pushes wait as {}", provider, PushState.NO_PROVIDER);
        return Future.succeededFuture();
      }
      if (releasing.add(provider)) releaseParked(provider, 0, 0);
      return Future.succeededFuture();
    });
  }
}
