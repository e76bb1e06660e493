package org.portier.push;

import io.vertx.core.eventbus.ReplyException;

/**
 * The push actor's "busy" refusal of push.send: too many pushes already wait for their outbox write
 * (push.maxUnwritten), nothing of the request was stored. It fails with code {@value #CODE} and a
 * message starting {@value #PREFIX}; callers answer their face's 503 with a Retry-After of
 * {@value #RETRY_AFTER_SECONDS} seconds, or try again later themselves.
 */
public final class PushBusy {
  /** The failure code of the busy refusal. */
  public static final int CODE = 503;
  /** How every busy refusal's message starts. */
  public static final String PREFIX = "push outbox busy: ";
  /** What faces put in Retry-After: long enough for a stalled group commit to get through. */
  public static final long RETRY_AFTER_SECONDS = 2;

  private PushBusy() {}

  /** True when {@code failure} (a push.send reply failure, possibly wrapped) is the busy refusal. */
  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ReplyException r && r.failureCode() == CODE && r.getMessage() != null && r.getMessage().startsWith(PREFIX)) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }
}
