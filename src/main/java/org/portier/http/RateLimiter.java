package org.portier.http;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.portier.config.LimitSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one rate limiter, in fixed windows, shared by every HTTP verticle instance (one per
 * event loop) through a local map: a thread-safe table whose counters change only inside
 * ConcurrentHashMap.compute, so event loops never wait on one another for longer than one update.
 * The table holds at most {@link #capacity} windows; expired ones are removed by a periodic sweep
 * on a worker thread, never on the request path. While the table is full, a key without a window
 * counts in its limit's overflow window, shared by every such key: an attacker who fills the
 * table with made-up keys is limited together with them instead of escaping the limit.
 * Several nodes count separately (behind a balancer that spreads one client over n nodes the
 * effective limit is up to n times the configured one).
 */
public final class RateLimiter implements Shareable {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final String MAP = "portier.http.rateLimiter";
  /** Windows kept at most: far more than the distinct clients of a node within a window, yet a few MB. */
  static final int DEFAULT_CAPACITY = 100_000;
  /** How often expired windows are removed. */
  public static final long SWEEP_EVERY_MS = 5_000;

  private record Window(long start, long windowMillis, int count) {
    boolean expired(long now) {
      return now - start >= windowMillis;
    }
  }

  private final int capacity;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  /** Overflow windows, one per limit name (a fixed set in the code, so this map stays small). */
  private final ConcurrentHashMap<String, Window> overflow = new ConcurrentHashMap<>();
  private final AtomicInteger entries = new AtomicInteger();
  private final AtomicLong lastSweep = new AtomicLong();
  private final AtomicLong lastFullWarning = new AtomicLong();

  RateLimiter(int capacity, LongSupplier clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** The limiter of this Vert.x instance (one node), created on first use. */
  public static RateLimiter of(Vertx vertx) {
    return (RateLimiter) vertx.sharedData().getLocalMap(MAP)
        .computeIfAbsent("limiter", k -> new RateLimiter(DEFAULT_CAPACITY, System::currentTimeMillis));
  }

  /**
   * Counts one request of {@code who} against the limit {@code name}; answers 0 when it is within
   * the limit, otherwise the seconds until its window ends (for Retry-After). A null spec (limit
   * off) or a null key counts nothing.
   */
  public long hit(String name, LimitSpec spec, String who) {
    if (spec == null || who == null) return 0;
    long now = clock.getAsLong();
    long windowMillis = spec.window().toMillis();
    String key = name + "|" + who;
    Window w = windows.computeIfPresent(key, (k, old) -> next(old, now, windowMillis));
    if (w == null) w = insert(key, name, now, windowMillis);
    if (w.count() <= spec.count()) return 0;
    return Math.max(1, (w.start() + w.windowMillis() - now + 999) / 1000);
  }

  private Window insert(String key, String name, long now, long windowMillis) {
    if (entries.incrementAndGet() > capacity) {
      entries.decrementAndGet();
      warnFull(now);
      return overflow.compute(name, (k, old) -> next(old, now, windowMillis));
    }
    boolean[] created = {false};
    Window w = windows.compute(key, (k, old) -> {
      created[0] = old == null;
      return next(old, now, windowMillis);
    });
    // another thread created it meanwhile: give back the slot reserved for it
    if (!created[0]) entries.decrementAndGet();
    return w;
  }

  private static Window next(Window old, long now, long windowMillis) {
    return old == null || old.expired(now) ? new Window(now, windowMillis, 1) : new Window(old.start(), old.windowMillis(), old.count() + 1);
  }

  /** Removes the expired windows; called by the periodic timer, on a worker thread. */
  public void sweep() {
    long now = clock.getAsLong();
    lastSweep.set(now);
    for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Window> e = it.next();
      if (e.getValue().expired(now) && windows.remove(e.getKey(), e.getValue())) entries.decrementAndGet();
    }
    overflow.values().removeIf(w -> w.expired(now));
  }

  /**
   * Sweeps unless another verticle instance did within the last period (each instance runs the
   * timer, so the sweep goes on when one of them is undeployed).
   */
  public void sweepIfDue() {
    long last = lastSweep.get();
    long now = clock.getAsLong();
    if (now - last >= SWEEP_EVERY_MS / 2 && lastSweep.compareAndSet(last, now)) sweep();
  }

  /** Windows held now (never more than the capacity). */
  public int size() {
    return windows.size();
  }

  private void warnFull(long now) {
    long last = lastFullWarning.get();
    if (now - last >= 60_000 && lastFullWarning.compareAndSet(last, now)) {
      LOG.warn("rate limiter full ({} windows): new clients share one window per limit until expired windows are swept", capacity);
    }
  }
}
