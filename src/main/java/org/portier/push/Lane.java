package org.portier.push;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Flow control for one provider: at most {@code limit} attempts in flight, the rest wait in FIFO
 * order. Sending faster than the provider answers only grows its queues and latency (Pushy's
 * "best practices"); here the wait is in memory, the row is already safe in the outbox.
 * Used on the PushVerticle's context only.
 */
final class Lane {
  private final IntSupplier limit;
  private final Function<PushJob, Future<?>> attempt;
  private final ArrayDeque<PushJob> waiting = new ArrayDeque<>();
  private int inFlight;
  private boolean draining;

  Lane(IntSupplier limit, Function<PushJob, Future<?>> attempt) {
    this.limit = limit;
    this.attempt = attempt;
  }

  void submit(PushJob job) {
    waiting.add(job);
    drain();
  }

  /** Takes the waiting jobs that match out of the queue (they never start); returns them. */
  java.util.List<PushJob> removeWaiting(java.util.function.Predicate<PushJob> which) {
    java.util.List<PushJob> out = new java.util.ArrayList<>();
    waiting.removeIf(j -> {
      if (!which.test(j)) return false;
      out.add(j);
      return true;
    });
    return out;
  }

  int inFlight() {
    return inFlight;
  }

  int waiting() {
    return waiting.size();
  }

  // A loop guarded by a flag, not recursion: an attempt that completes at once must not nest.
  private void drain() {
    if (draining) return;
    draining = true;
    try {
      while (inFlight < limit.getAsInt() && !waiting.isEmpty()) start(waiting.poll());
    } finally {
      draining = false;
    }
  }

  private void start(PushJob job) {
    inFlight++;
    attempt.apply(job).onComplete(ar -> {
      inFlight--;
      drain();
    });
  }
}
