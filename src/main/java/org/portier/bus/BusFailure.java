package org.portier.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Why an actor refused a request it got over the event bus: a code in HTTP's terms (404 no such
 * thing, 409 it conflicts with the actor's state, 422 a request the actor cannot take, 503 busy or
 * unavailable, to be retried) and a message a client can read. Actors fail their futures with it and
 * reply with {@link #reply}; callers decode a failed request with {@link #of}. Each face renders it
 * in its own error format (a 503 with Retry-After).
 */
public final class BusFailure extends RuntimeException {
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int UNPROCESSABLE = 422;
  public static final int INTERNAL = 500;
  public static final int UNAVAILABLE = 503;
  /** What the faces' Retry-After asks a client to wait after a 503: the actors' queues drain in about that time. */
  public static final int RETRY_AFTER_SECONDS = 1;

  private final int code;

  public BusFailure(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static BusFailure notFound(String message) {
    return new BusFailure(NOT_FOUND, message);
  }

  public static BusFailure conflict(String message) {
    return new BusFailure(CONFLICT, message);
  }

  public static BusFailure unprocessable(String message) {
    return new BusFailure(UNPROCESSABLE, message);
  }

  public static BusFailure unavailable(String message) {
    return new BusFailure(UNAVAILABLE, message);
  }

  /** True for a 503: the request may succeed later (the face answers with Retry-After). */
  public boolean retryable() {
    return code == UNAVAILABLE;
  }

  /** Fails the request with this code and message. */
  public void replyTo(Message<?> m) {
    m.fail(code, getMessage());
  }

  /**
   * Fails the request with {@code e}'s code when it is a BusFailure; anything else is a fault of the
   * actor (the caller logs it) and goes out as 500 "internal error", never with its details.
   */
  public static void reply(Message<?> m, Throwable e) {
    if (e instanceof BusFailure b) b.replyTo(m);
    else m.fail(INTERNAL, "internal error");
  }

  /**
   * What a failed request means to the caller: the actor's own failure (its 4xx/5xx code and
   * message), or a 503 with {@code unavailable} when no actor answered (none registered, timed out)
   * or the reply carried no usable code. A failure that is not the event bus's is returned as is.
   */
  public static Throwable of(Throwable e, String unavailable) {
    if (e instanceof BusFailure) return e;
    if (!(e instanceof ReplyException re)) return e;
    if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() >= 400 && re.failureCode() < 600) {
      return new BusFailure(re.failureCode(), re.getMessage() == null ? "request failed" : re.getMessage());
    }
    return unavailable(unavailable);
  }
}
