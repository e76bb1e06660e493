package org.portier.bus;

/**
 * Every event-bus address Portier uses, in one place. Each address belongs to exactly one actor
 * (verticle); the comment names the owner and the message shape.
 */
public final class Addresses {
  private Addresses() {}

  /** ConfigVerticle. Request: {} (or {"reason": "..."}). Reply: {"version": n} or failure with the validation errors. */
  public static final String CONFIG_RELOAD = "config.reload";
  /** ConfigVerticle. Request: {}. Reply: the current config as JSON, with "version". */
  public static final String CONFIG_GET = "config.get";
  /** ConfigVerticle publishes the new config (JSON with "version") after every accepted reload. */
  public static final String CONFIG_CHANGED = "config.changed";

  /**
   * PushVerticle. Request: {"pushes": [PushRequest...]} (see org.portier.push.PushRequest).
   * Reply after every row is persisted in the outbox: {"ids": ["<outbox id>", ...]} in request order.
   */
  public static final String PUSH_SEND = "push.send";

  /** DoorCallVerticle. Request: door-call start JSON (see org.portier.doorcall). Reply: the 201 body. */
  public static final String DOORCALL_START = "doorcall.start";
  /** DoorCallVerticle. Request: {"callId"}. Reply: {"ended": true|false} (false: unknown call). */
  public static final String DOORCALL_END = "doorcall.end";
  /** DoorCallVerticle. Request: {"extension"}. Reply: live credential JSON, or failure 404. */
  public static final String DOORCALL_CREDENTIALS = "doorcall.credentials";
  /** DoorCallVerticle. Request: {"hash"}. Reply: {"callId","doorId","snapshotUrl","live": true} while the leg lives, or failure 404. */
  public static final String DOORCALL_LEG_BY_HASH = "doorcall.legByHash";
}
