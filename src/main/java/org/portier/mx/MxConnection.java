package org.portier.mx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.portier.bus.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor of one MX user: one TLS socket, confined to this verticle's context. It logs in
 * (SHA-1 hash, then clear text when MX asks for it), starts the monitor, correlates replies by
 * invoke id (registered before the write), routes events by name, keeps the link alive, and
 * reconnects with backoff until it is logged out or MX refuses the credentials.
 *
 * <p>Public methods may be called from any thread; they hop onto this context and their futures
 * complete on the caller's context.
 */
public final class MxConnection extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MxConnection.class);
  /** What a liveness probe asks: a command MX always answers, unlike the keep-alive. */
  static final String PROBE = "<GetServiceList/>";

  public enum State { CONNECTING, LOGGING_IN, READY, RECONNECTING, CLOSED }

  /** Told of every state change, on the connection's context. */
  public interface Listener {
    void changed(MxConnection c, State state, String error);
  }

  private record Pending(Promise<MxMessage> promise, long timer) {}

  private final String login;
  private final Listener listener;
  private final boolean connectAtStart;
  private final CopyOnWriteArrayList<MxSubscription> subscribers = new CopyOnWriteArrayList<>();
  private final Map<Integer, Pending> pending = new HashMap<>();
  private volatile JsonObject snapshot;
  private Supplier<MxTls.Client> client;
  private MxCredentials creds;
  private MxSettings settings;
  private MxBackoff backoff;
  private State state = State.CLOSED;
  private long since = System.currentTimeMillis();
  private String lastError;
  private MxLogin.Session session;
  private String monitorRef;
  private NetSocket socket;
  private int generation;
  private final InvokeIds ids = new InvokeIds();
  private long lastWrite;
  private long lastRead;
  private long keepaliveTimer = -1;
  private long readIdleTimer = -1;
  private long reconnectTimer = -1;
  private boolean probing;
  private Promise<Void> attempt;
  private boolean stopping;
  private Future<?> exclusiveTail = Future.succeededFuture();
  private MessageConsumer<JsonObject> consumer;
  private final MxCalls calls = new MxCalls(MxCalls.TTL);

  /**
   * @param connectAtStart false for a user whose credentials MX refused: it waits, CLOSED, for a new {@link #connect}
   * @param lastError shown while CLOSED (why it is not connected)
   */
  public MxConnection(String login, MxCredentials creds, MxSettings settings, Supplier<MxTls.Client> client, Listener listener,
      boolean connectAtStart, String lastError) {
    this.login = login;
    this.creds = creds;
    this.settings = settings;
    this.client = client;
    this.listener = listener == null ? (c, s, e) -> { } : listener;
    this.connectAtStart = connectAtStart;
    this.lastError = lastError;
    this.backoff = new MxBackoff(settings.reconnectMin(), settings.reconnectMax());
    this.snapshot = describe();
  }

  public String login() {
    return login;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.mxUser(login), new MxUserAddress(this)::handle);
    subscribe(MxCalls.EVENTS, null, m -> calls.onEvent(m, session == null ? null : session.ext()));
    if (connectAtStart) startAttempt();
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    cancelTimers();
    cancelReconnect();
    failAllPending(MxException.unavailable("portier is stopping"));
    return sayGoodbye(detachSocket());
  }

  // ---- the API other actors use (any thread) ----

  /** The last published view: {"login","state","since","ext"?,"jid"?,"mx"?,"softPhonePwd"?,"host","lastError"?}. Any thread. */
  public JsonObject snapshot() {
    return snapshot;
  }

  /**
   * Makes sure the user is logged in with these credentials: READY answers at once (new credentials are
   * kept for the next login); an attempt in flight is joined; a waiting or closed connection tries now.
   */
  public Future<JsonObject> connect(MxCredentials fresh) {
    return hop(() -> {
      // a logged-out connection is on its way out; the supervisor makes a new one for the next login
      if (stopping) return Future.failedFuture(MxException.unavailable("logged out"));
      creds = fresh;
      if (state == State.READY) return Future.succeededFuture(snapshot);
      return startAttempt().map(v -> snapshot);
    });
  }

  /** A command and its reply (same invoke id). Fails 503 unless READY, 504 on timeout, 400 on a CSTA error. */
  public Future<MxMessage> request(String xml, Duration timeout) {
    return hop(() -> state == State.READY ? send(xml, timeout) : Future.failedFuture(notReady()));
  }

  /** A write with no reply awaited (MX answers some commands, such as {@code iq mode}, with nothing). */
  public Future<Void> tell(String xml) {
    return hop(() -> state == State.READY ? write(new MxFrame(nextId(), xml)) : Future.failedFuture(notReady()));
  }

  /** Subscribes to messages with these root names, optionally about one call only. */
  public MxSubscription subscribe(Set<String> names, String callId, Handler<MxMessage> handler) {
    MxSubscription s = new MxSubscription(Set.copyOf(names), callId, handler, subscribers::remove);
    subscribers.add(s);
    return s;
  }

  /** The next message with this name (and call id, if given) within the timeout; 504 otherwise. */
  public Future<MxMessage> awaitMessage(String name, String callId, Duration timeout) {
    Promise<MxMessage> p = Promise.promise();
    MxSubscription s = subscribe(Set.of(name), callId, p::tryComplete);
    long t = vertx.setTimer(Math.max(1, timeout.toMillis()), x -> p.tryFail(MxException.timeout("no " + name + " from mx")));
    return p.future().onComplete(ar -> {
      s.cancel();
      vertx.cancelTimer(t);
    });
  }

  /**
   * Runs an operation alone on this connection: multi-part queries (address book pages, call log
   * chunks, voicemail chunks) are matched by name, so two of the same kind must not overlap.
   */
  public <T> Future<T> exclusive(Supplier<Future<T>> operation) {
    return hop(() -> {
      Future<T> mine = exclusiveTail.transform(x -> {
        try {
          return operation.get();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
      exclusiveTail = mine.transform(x -> Future.succeededFuture());
      return mine;
    });
  }

  /** Ends the session for good: MonitorStop (bounded wait), {@code <logout/>}, close. Never reconnects afterwards. */
  public Future<Void> logout() {
    return hop(() -> {
      stopping = true;
      cancelReconnect();
      Future<?> monitorStopped = state == State.READY && monitorRef != null
          ? send(XmlOut.root("MonitorStop").leaf("monitorCrossRefID", monitorRef).build(), boundedWait()).otherwiseEmpty()
          : Future.succeededFuture();
      return monitorStopped.transform(x -> {
        NetSocket s = detachSocket();
        cancelTimers();
        failAllPending(MxException.unavailable("logged out"));
        setState(State.CLOSED, "logged out");
        return sayGoodbye(s);
      });
    });
  }

  /** New settings from a config reload: used by the next timers, attempts and backoff. */
  public Future<Void> reconfigure(MxSettings fresh, Supplier<MxTls.Client> freshClient) {
    return hop(() -> {
      settings = fresh;
      client = freshClient;
      backoff.reconfigure(fresh.reconnectMin(), fresh.reconnectMax());
      return Future.succeededFuture();
    });
  }

  // ---- connecting ----

  private Future<Void> startAttempt() {
    if (attempt != null) return attempt.future();
    Promise<Void> p = Promise.promise();
    attempt = p;
    cancelReconnect();
    setState(State.CONNECTING, lastError);
    int gen = ++generation;
    MxCredentials c = creds;
    // the client of this attempt decides, for the whole attempt, whether its link is verified
    MxTls.Client tls = client.get();
    Future<NetSocket> dialled = tls.refusal() != null ? Future.failedFuture(MxException.unavailable(tls.refusal()))
        : tls.net().connect(c.port(), c.host())
            .recover(e -> Future.failedFuture(MxException.unavailable("cannot connect to mx " + c.host() + ":" + c.port() + ": " + e.getMessage())));
    dialled
        .compose(s -> onSocket(gen, s))
        .compose(v -> logIn(c, tls.verified()))
        .compose(v -> startMonitor())
        .onComplete(ar -> {
          attempt = null;
          if (ar.succeeded() && gen == generation && !stopping) {
            backoff.reset();
            lastError = null;
            setState(State.READY, null);
            LOG.info("mx user {} ready: {} ext {}", login, c, session.ext());
            p.complete();
          } else {
            Throwable cause = ar.succeeded() ? MxException.unavailable("connection closed") : ar.cause();
            attemptFailed(cause);
            p.fail(cause);
          }
        });
    return p.future();
  }

  private Future<Void> onSocket(int gen, NetSocket s) {
    if (gen != generation || stopping) {
      s.close();
      return Future.failedFuture(MxException.unavailable(stopping ? "logged out" : "superseded"));
    }
    socket = s;
    lastRead = lastWrite = System.currentTimeMillis();
    MxFrameDecoder decoder = new MxFrameDecoder(f -> onFrame(gen, f), why -> {
      if (gen == generation) drop("bad frame from mx: " + why, false);
    });
    s.handler(decoder);
    s.closeHandler(v -> {
      if (gen == generation) drop("mx closed the connection", false);
    });
    s.exceptionHandler(e -> LOG.debug("mx user {}: socket error {}", login, e.toString()));
    armKeepalive();
    armReadIdle();
    return Future.succeededFuture();
  }

  /** The hashed login, then the clear-text one MX may ask for, sent only over a {@code verified} link. */
  private Future<Void> logIn(MxCredentials c, boolean verified) {
    setState(State.LOGGING_IN, lastError);
    return loginExchange(MxLogin.request(c.mxLogin(), MxLogin.hash(c.mxPassword())))
        .compose(reply -> {
          if (!MxLogin.wantsClearText(reply)) return Future.succeededFuture(reply);
          if (!verified) return Future.failedFuture(new MxException(403, MxLogin.CLEAR_TEXT_REFUSED));
          return loginExchange(MxLogin.request(c.mxLogin(), c.mxPassword()));
        })
        .map(reply -> {
          session = MxLogin.session(reply);
          return null;
        });
  }

  private Future<MxMessage> loginExchange(String xml) {
    return send(xml, settings.replyTimeout()).recover(e -> {
      int status = MxException.statusOf(e);
      if (status == 504) return Future.failedFuture(MxException.timeout("mx login timed out"));
      if (status == 400) return Future.failedFuture(new MxException(403, e.getMessage()));
      return Future.failedFuture(e);
    });
  }

  private Future<Void> startMonitor() {
    String xml = XmlOut.root("MonitorStart").start("monitorObject").leaf("deviceObject", session.ext()).end().build();
    return send(xml, settings.replyTimeout())
        .recover(e -> Future.failedFuture(MxException.statusOf(e) == 504 ? MxException.timeout("mx monitor start timed out") : e))
        .map(reply -> {
          XmlNode ref = reply.root().find("monitorCrossRefID");
          monitorRef = ref == null ? null : ref.text().trim();
          return null;
        });
  }

  private void attemptFailed(Throwable cause) {
    String why = cause.getMessage();
    closeSocket();
    cancelTimers();
    failAllPending(MxException.unavailable(why));
    if (stopping) return;
    if (MxException.statusOf(cause) == 403) {
      // Retrying a refused password only risks locking the MX account; wait for new credentials.
      LOG.warn("mx user {}: MX refused the login of {}: {}; not retrying until the user logs in again", login, creds, why);
      lastError = why;
      setState(State.CLOSED, why);
      return;
    }
    scheduleReconnect(why);
  }

  private void scheduleReconnect(String why) {
    if (stopping || attempt != null || reconnectTimer != -1) return;
    lastError = why;
    long delay = backoff.next();
    setState(State.RECONNECTING, why);
    LOG.info("mx user {}: {}; reconnecting in {} ms", login, why, delay);
    reconnectTimer = vertx.setTimer(Math.max(1, delay), t -> {
      reconnectTimer = -1;
      startAttempt();
    });
  }

  /** The link is gone (closed, silent, forced out): fail what waits on it and come back later. */
  private void drop(String why, boolean forced) {
    boolean wasInAttempt = attempt != null;
    closeSocket();
    cancelTimers();
    failAllPending(MxException.unavailable(why));
    if (forced) backoff.jumpToMax();
    if (!wasInAttempt && !stopping && state != State.CLOSED) scheduleReconnect(why);
  }

  private void closeSocket() {
    NetSocket s = detachSocket();
    if (s != null) s.close();
  }

  /** Forgets the socket without closing it; its late events (close, frames) are ignored from now on. */
  private NetSocket detachSocket() {
    generation++;
    probing = false;
    NetSocket s = socket;
    socket = null;
    return s;
  }

  /** {@code <logout/>} (MX sends no reply), then close. */
  private Future<Void> sayGoodbye(NetSocket s) {
    if (s == null) return Future.succeededFuture();
    return s.write(new MxFrame(nextId(), "<logout/>").encode()).eventually(s::close).otherwiseEmpty();
  }

  // ---- frames ----

  private void onFrame(int gen, MxFrame f) {
    if (gen != generation) return;
    lastRead = System.currentTimeMillis();
    if (f.isKeepalive() || f.xml().isBlank()) return;
    MxMessage m;
    try {
      m = MxMessage.of(f);
    } catch (IllegalArgumentException e) {
      LOG.warn("mx user {}: unreadable frame {} ignored: {}", login, f.invokeId(), e.getMessage());
      return;
    }
    if (m.name().equals("Logout")) {
      // Another session took the user over (or MX kicked us): back off rather than fight it.
      String mode = m.root().attr("mode");
      LOG.warn("mx user {}: MX logged the session out ({})", login, mode);
      drop("logout: " + (mode == null ? "by mx" : mode), true);
      return;
    }
    Pending p = f.isEvent() ? null : pending.remove(f.invokeId());
    if (p != null) {
      vertx.cancelTimer(p.timer());
      if (m.name().equals("CSTAErrorCode")) p.promise().tryFail(cstaError(m));
      else p.promise().tryComplete(m);
    }
    for (MxSubscription s : subscribers) {
      if (!s.wants(m)) continue;
      try {
        s.deliver(m);
      } catch (RuntimeException e) {
        LOG.warn("mx user {}: a subscriber of {} failed: {}", login, m.name(), e.toString());
      }
    }
    if (p == null && state == State.READY && !stopping) publish(m);
  }

  private void publish(MxMessage m) {
    JsonObject ev = new JsonObject().put("login", login).put("name", m.name()).put("xml", m.xml());
    String callId = m.callId();
    if (callId != null) ev.put("callId", callId);
    vertx.eventBus().publish(Addresses.MX_EVENTS, ev);
  }

  /** The text of the last child names the error ("URM Denied"); the child's name says which kind. */
  static MxException cstaError(MxMessage m) {
    XmlNode last = m.root().lastChild();
    String text = last == null ? m.root().text().trim() : last.text().trim();
    return new MxException(400, text.isEmpty() ? "csta error" : text, last == null ? null : last.name());
  }

  /** Sends whatever the state: for the login exchange and for callers that checked READY on this context. */
  Future<MxMessage> send(String xml, Duration timeout) {
    if (socket == null) return Future.failedFuture(notReady());
    int id = nextId();
    if (id < 0) return Future.failedFuture(MxException.unavailable("too many mx requests in flight"));
    Promise<MxMessage> p = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      if (pending.remove(id) != null) p.tryFail(MxException.timeout("mx response timeout"));
    });
    // registered before the write: a fast reply can never arrive unclaimed
    pending.put(id, new Pending(p, timer));
    write(new MxFrame(id, xml)).onFailure(e -> {
      Pending gone = pending.remove(id);
      if (gone != null) {
        vertx.cancelTimer(gone.timer());
        p.tryFail(MxException.unavailable("write to mx failed: " + e.getMessage()));
      }
    });
    return p.future();
  }

  private Future<Void> write(MxFrame f) {
    if (socket == null) return Future.failedFuture(notReady());
    lastWrite = System.currentTimeMillis();
    if (LOG.isDebugEnabled()) LOG.debug("mx user {} -> {} {}", login, f.invokeId(), MxLogin.masked(f.xml()));
    return socket.write(f.encode());
  }

  private int nextId() {
    return ids.next(pending::containsKey);
  }

  private void failAllPending(MxException e) {
    Map<Integer, Pending> all = new HashMap<>(pending);
    pending.clear();
    all.values().forEach(p -> {
      vertx.cancelTimer(p.timer());
      p.promise().tryFail(e);
    });
  }

  // ---- liveness ----

  private void armKeepalive() {
    long ka = settings.keepalive().toMillis();
    long due = Math.max(1, lastWrite + ka - System.currentTimeMillis());
    int gen = generation;
    keepaliveTimer = vertx.setTimer(due, t -> {
      keepaliveTimer = -1;
      if (gen != generation || socket == null) return;
      if (System.currentTimeMillis() - lastWrite >= ka) write(MxFrame.KEEPALIVE);
      armKeepalive();
    });
  }

  private void armReadIdle() {
    long idle = settings.readIdleTimeout().toMillis();
    long due = Math.max(1, lastRead + idle - System.currentTimeMillis());
    int gen = generation;
    readIdleTimer = vertx.setTimer(due, t -> {
      readIdleTimer = -1;
      if (gen != generation || socket == null) return;
      if (System.currentTimeMillis() - lastRead >= idle) probe(gen);
      armReadIdle();
    });
  }

  /**
   * MX does not answer keep-alives, so silence alone proves nothing: ask something it must answer,
   * and only when that goes unanswered too is the link declared dead.
   */
  private void probe(int gen) {
    if (probing || state != State.READY) {
      if (!probing) drop("no data from mx for " + settings.readIdleTimeout().toMillis() + " ms", false);
      return;
    }
    probing = true;
    send(PROBE, settings.replyTimeout()).onComplete(ar -> {
      if (gen != generation) return;
      probing = false;
      if (ar.failed() && MxException.statusOf(ar.cause()) == 504) {
        drop("mx silent for " + settings.readIdleTimeout().toMillis() + " ms and did not answer a probe", false);
      }
    });
  }

  private void cancelTimers() {
    if (keepaliveTimer != -1) vertx.cancelTimer(keepaliveTimer);
    if (readIdleTimer != -1) vertx.cancelTimer(readIdleTimer);
    keepaliveTimer = readIdleTimer = -1;
  }

  private void cancelReconnect() {
    if (reconnectTimer != -1) vertx.cancelTimer(reconnectTimer);
    reconnectTimer = -1;
  }

  // ---- state ----

  private void setState(State s, String error) {
    boolean changed = s != state;
    state = s;
    if (changed) since = System.currentTimeMillis();
    // events missed while not READY (a Cleared during a drop) would leave stale calls behind
    if (changed && s != State.READY) calls.clear();
    snapshot = describe();
    if (changed) listener.changed(this, s, error);
  }

  private JsonObject describe() {
    JsonObject j = new JsonObject().put("login", login).put("state", state.name()).put("since", since)
        .put("host", creds.host());
    if (session != null) {
      j.put("ext", session.ext()).put("jid", session.jid()).put("mx", session.sn()).put("softPhonePwd", session.softPhonePwd());
    }
    if (lastError != null && state != State.READY) j.put("lastError", lastError);
    return j;
  }

  State state() {
    return state;
  }

  MxCalls calls() {
    return calls;
  }

  MxSettings settings() {
    return settings;
  }

  MxException notReady() {
    return MxException.unavailable(state == State.CLOSED ? "mx connection closed" : "reconnecting");
  }

  private Duration boundedWait() {
    Duration three = Duration.ofSeconds(3);
    return settings.replyTimeout().compareTo(three) < 0 ? settings.replyTimeout() : three;
  }

  // ---- context hopping ----

  private <T> Future<T> hop(Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    Context mine = context;
    Promise<T> p = Promise.promise();
    mine.runOnContext(v -> {
      Future<T> f;
      try {
        f = work.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (caller == null || caller == mine) p.handle(ar);
        else caller.runOnContext(x -> p.handle(ar));
      });
    });
    return p.future();
  }
}
