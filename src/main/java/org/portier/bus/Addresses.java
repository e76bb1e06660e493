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
   * PushVerticle. Request: {"pushes": [PushRequest...]}, built with PushSend; the push package documents the fields.
   * Reply after every row is persisted in the outbox: {"ids": ["<outbox id>", ...]} in request order.
   * Failures: 400 a request that cannot be accepted (nothing stored); 503 "push outbox busy: ..." when
   * too many pushes already wait for their outbox write (push.maxUnwritten; nothing stored, try again
   * later: faces answer 503 with Retry-After, see org.portier.push.PushBusy); 500 the outbox write failed.
   */
  public static final String PUSH_SEND = "push.send";
  /**
   * PushVerticle publishes here after each committed state change of an outbox row:
   * {"id","state","attempts","provider","lastError"?,"providerId"?,"ref"?,"deviceId"?}.
   */
  public static final String PUSH_OUTCOME = "push.outcome";
  /**
   * PushVerticle. Request {}. Reply {"configVersion","node","live","unwritten","apns"|"fcm": {"configured","inFlight","waiting","parked"}}
   * ("unwritten": pushes waiting for their outbox write; "parked": this node's outbox rows waiting for credentials),
   * sent once the config changes received so far are applied (usable as a barrier after a reload).
   */
  public static final String PUSH_STATUS = "push.status";
  /**
   * Published (to every node's push actor) when the pushes with these refs must no longer leave, because what
   * they announce has ended (a door call DELETEd, answered on another leg, failed or expired):
   * {"refs": ["call:&lt;callId&gt;:&lt;extension&gt;", ...], "reason": "..."}. A push actor drops every row it
   * holds with one of these refs that no provider has accepted yet (final state, reason as its error).
   * No reply; publishing with no listener is harmless.
   */
  public static final String PUSH_CANCEL = "push.cancel";

  /**
   * DoorCallVerticle. Request: {"flatId": n} or {"panelId": n, "flatNumber": "11"}, optional "doorId": n (panel
   * output) and "callerId": "...". Reply (the 201 body): {"callId", "state" (pushed | no_devices), "expiresAt" (ISO-8601
   * UTC), "legs": [{"deviceId", "platform", "extension"}], "dial": ["PJSIP/&lt;ext&gt;", ...], "skipped": [{"deviceId",
   * "reason"}], "pushesConfirmed": bool}. pushesConfirmed false: push.send did not confirm in time, the call is live and
   * its pushes may still go out. Failures: 404 unknown flat/panel/door, 422 malformed request, 503 push.send refused
   * the pushes (busy, failed, absent: the call is stored as failed and its credentials revoked) or no valid SIP leg.
   */
  public static final String DOORCALL_START = "doorcall.start";
  /** DoorCallVerticle. Request: {"callId"}. Reply: {"callId", "state" (its final state), "revoked": n}; failure 404 for an unknown call. */
  public static final String DOORCALL_END = "doorcall.end";
  /**
   * DoorCallVerticle. Request: {"callId", "extension"}: the SIP server reports that this leg's phone answered. The
   * call becomes "answered" and every other leg's credentials are revoked at once; the answered leg keeps its
   * credentials until the call ends or expires. Reply: {"callId", "state": "answered", "extension", "revoked": n}
   * (again for the same leg: idempotent). Failures: 404 unknown call or extension, 409 the call has ended or
   * another leg answered, 422 malformed request.
   */
  public static final String DOORCALL_ANSWERED = "doorcall.answered";
  /**
   * DoorCallVerticle. Request: {"extension"}. Reply while valid: {"extension", "password", "ha1", "realm", "expiresAt",
   * "callId"} (ha1 = md5(extension:realm:password)); the first fetch marks the leg fetched and the call registered.
   * Failure 404 once expired or revoked. Right after a start, until the live calls are loaded, answered from the store.
   */
  public static final String DOORCALL_CREDENTIALS = "doorcall.credentials";
  /** DoorCallVerticle. Request: {"hash"}. Reply: {"callId", "snapshotUrl"?} while the leg lives, or failure 404. */
  public static final String DOORCALL_LEG_BY_HASH = "doorcall.legByHash";
  /**
   * DoorCallVerticle. Request: {"hash", "kind": "camshot" | "live"}. Reply: the picture as a Buffer, header
   * "content-type"; camshot is the one taken at call start, live is fetched now. Failure 404 (no live leg or no camera),
   * 503 (camera failed).
   */
  public static final String DOORCALL_SNAPSHOT = "doorcall.snapshot";
  /** DoorCallVerticle. Request: {}. Reply: {"legs": [credential JSON as for DOORCALL_CREDENTIALS, ...]} of every live leg. */
  public static final String DOORCALL_LIVE = "doorcall.live";

  /**
   * InboxVerticle. Request: {"broadcastId": "&lt;id&gt;"} of a broadcast already persisted in message_broadcasts.
   * Reply at once {"accepted": true}; the actor fans it out in batches.
   */
  public static final String INBOX_BROADCAST = "inbox.broadcast";

  /**
   * MxSupervisor. Request: {"login", "host", "port" (int), "mxLogin", "mxPassword"} (login = the provisioning user name).
   * Logs the user in to MX, or joins the login already in flight (one connection per login, however requests race);
   * the credentials are stored (password encrypted) for reconnects and restarts. Reply once READY: {"login", "state":
   * "READY", "ext", "jid" (string), "mx" (serial number), "since" (epoch ms)}. Failures: 400 malformed request, 403 MX
   * refused the login (MX's text), 504 "mx login timed out", 503 any other reason (connect error, ...).
   */
  public static final String MX_CONNECT = "mx.connect";
  /**
   * MxSupervisor. Request: {"login"}. MonitorStop (bounded wait), {@code <logout/>}, close, delete the stored user.
   * Reply: {"userLogout": login}. Failure 404 "not found" for an unknown login.
   */
  public static final String MX_LOGOUT = "mx.logout";
  /** MxSupervisor. Request: {}. Reply: {"connections": [{"login", "state", "since", "ext"?, "host", "lastError"?}]}; never passwords. */
  public static final String MX_CONNECTIONS = "mx.connections";
  /**
   * MxConnection publishes every MX event (invoke id 9999, or a message no request waits for) of a READY session:
   * {"login", "name" (root element), "xml" (payload), "callId"?}.
   */
  public static final String MX_EVENTS = "mx.events";
  /**
   * MxConnection of one user, registered while the user exists: "mx.user.&lt;login&gt;". Requests:
   * {"op": "state"} → {"state", "since", "ext"?, "jid"?, "mx"?, "softPhonePwd"?} (session fields once logged in, for GET /auth);
   * {"op": "send", "xml": "&lt;...&gt;", "timeout"? (ms or "7s")} → {"name", "xml"} of the reply with the same invoke id;
   * {"op": "addressbook"} and {"op": "calllog", "timestamp" (Unix s, -1 all), "idle" (ms)} → {"parts": [xml, ...]}, the
   * ablist pages or callloginfo chunks, collected one query at a time per connection;
   * {"op": "conf", "xml", "event" (e.g. "ConfAddEvent"), "confId"?, "ownerId"?, "confirm"? (ms)} → {"name", "xml", "event"?}:
   * a conference command, its reply, and the matching Conf*Event when it came within "confirm" (the reply timeout).
   * {"op": "call", "xml", "event"?, "callId"?, "eventTimeout"? (ms, default 2000)} → {"name", "xml", "event"?: {"name", "xml"}}:
   * the reply decides, the named event (about callId), awaited briefly after it, only confirms (absent on expiry);
   * {"op": "tell", "xml"} → {} once written (no reply awaited, for iq mode);
   * {"op": "callinfo", "callId"} → {"name", "xml", "at" (Unix s)}: the call's last Delivered-to-the-user or Established
   * event, 404 when unknown, cleared, expired (12 h) or lost to a reconnect.
   * Failures: 400 CSTA error (its text) or bad request, 503 "reconnecting" (or "mx connection closed") unless READY,
   * 504 no reply in time.
   */
  public static final String MX_USER_PREFIX = "mx.user.";

  public static String mxUser(String login) {
    return MX_USER_PREFIX + login;
  }
}
