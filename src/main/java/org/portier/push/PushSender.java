package org.portier.push;

import io.vertx.core.Future;

/**
 * One provider's client. {@link #send} starts one attempt without waiting for it; the returned future
 * completes on the PushVerticle's context (implementations hop back from their library's threads) and
 * never fails: errors come back as {@link Outcome}s.
 */
interface PushSender {
  Future<Outcome> send(PushJob job);

  /** How many attempts this sender can usefully have in flight at once. */
  int maxInFlight();

  /** Releases connections and threads; attempts still in flight may end as retryable failures. */
  Future<Void> close();
}
