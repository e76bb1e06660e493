package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fake Zultys MX for tests, benchmarks and the demo mode: a real TLS server (a self-signed
 * certificate made for the simulator only, see simulator/README.md) speaking the MX frames. Users
 * are scripted; commands are answered by handlers registered by name ({@link #handle}), so the
 * address book, call log, voicemail and conference fixtures slot in as more handlers; anything
 * unhandled gets {@code <NameResponse></NameResponse>} or a scripted CSTA error. Test hooks inject
 * events, force a logout, close sessions, delay or split replies, and record every frame received.
 * Thread-safe: hooks may be called from any thread.
 */
public final class MxSimulator {
  /** A scripted MX user. {@code ldap}: the hashed password is refused with Code 4 and the clear text accepted. */
  public record User(String login, String password, String ext, String jid, boolean ldap) {
    public static User of(String login, String password, String ext) {
      return new User(login, password, ext, "4388" + Math.abs((long) login.hashCode()), false);
    }

    public User asLdap() {
      return new User(login, password, ext, jid, true);
    }
  }

  /** A frame the simulator received, with the login of its session ("" before login). */
  public record Received(String login, int invokeId, String name, String xml, long at) {}

  /** Answers one command; runs on the session's context. */
  @FunctionalInterface
  public interface Handler {
    void handle(Session session, MxMessage command);
  }

  public static final String SERIAL = "SIM01";
  public static final String API_VERSION = "11";

  private final Vertx vertx;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final Map<String, String[]> errors = new ConcurrentHashMap<>();
  private final Set<String> silentLogin = ConcurrentHashMap.newKeySet();
  private final Set<String> muted = ConcurrentHashMap.newKeySet();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Long> accepts = new CopyOnWriteArrayList<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final AtomicInteger monitorRefs = new AtomicInteger(16);
  private final SimDirectory directory = new SimDirectory();
  private final SimVoice voice = new SimVoice();
  private final SimConferences conferences = new SimConferences();
  private volatile Duration replyDelay = Duration.ZERO;
  private volatile boolean splitWrites;
  private volatile boolean refuseSessions;
  private NetServer server;

  private record Watcher(Predicate<Received> test, Promise<Received> promise) {}

  private MxSimulator(Vertx vertx) {
    this.vertx = vertx;
    handle("MonitorStart", (s, m) -> s.reply(m, XmlOut.root("MonitorStartResponse").leaf("monitorCrossRefID", String.valueOf(monitorRefs.incrementAndGet()))
        .start("actualMonitorMediaClass").leaf("voice", "true").end().build()));
    handle("iq", directory::iq);
    handle("GetServiceList", (s, m) -> s.reply(m, directory.services(s.user().login())));
    voice.install(this);
    conferences.install(this);
    new SimCalls().register(this);
  }

  /** Starts on this port (0 = any free port) on 127.0.0.1, presenting its own self-signed certificate. */
  public static Future<MxSimulator> start(Vertx vertx, int port) {
    return start(vertx, port, resource("simulator-cert.pem"), resource("simulator-key.pem"));
  }

  /** Starts presenting another certificate (PEM) and its private key (PEM), e.g. one issued by a CA. */
  public static Future<MxSimulator> start(Vertx vertx, int port, Buffer certPem, Buffer keyPem) {
    MxSimulator sim = new MxSimulator(vertx);
    NetServerOptions o = new NetServerOptions().setHost("127.0.0.1").setPort(port).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().addKeyValue(keyPem).addCertValue(certPem));
    sim.server = vertx.createNetServer(o).connectHandler(sim::accept);
    return sim.server.listen().map(s -> sim);
  }

  /** The simulator's certificate (PEM), for clients that pin it. */
  public static Buffer certificate() {
    return resource("simulator-cert.pem");
  }

  private static Buffer resource(String name) {
    try (InputStream in = MxSimulator.class.getResourceAsStream("simulator/" + name)) {
      if (in == null) throw new IllegalStateException("missing simulator resource " + name);
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    sessions.forEach(s -> s.socket.close());
    return server.close();
  }

  // ---- script ----

  public MxSimulator addUser(User u) {
    users.put(u.login(), u);
    return this;
  }

  /** Registers (or replaces) the handler of a command name. */
  public MxSimulator handle(String command, Handler h) {
    handlers.put(command, h);
    return this;
  }

  /** The handler of a command name (null if none), e.g. to wrap it with a delay. */
  public Handler handler(String command) {
    return handlers.get(command);
  }

  /** From now on the command is answered {@code <CSTAErrorCode><element>text</element></CSTAErrorCode>}; null text clears it. */
  public MxSimulator cstaError(String command, String element, String text) {
    if (text == null) errors.remove(command);
    else errors.put(command, new String[] {element, text});
    return this;
  }

  /** The login of this user is never answered (the timeout path). */
  public MxSimulator silentLogin(String login, boolean silent) {
    if (silent) silentLogin.add(login);
    else silentLogin.remove(login);
    return this;
  }

  /** A logged-in user's commands are recorded but never answered (a half-dead MX). */
  public MxSimulator mute(String login, boolean mute) {
    if (mute) muted.add(login);
    else muted.remove(login);
    return this;
  }

  public MxSimulator delayReplies(Duration d) {
    replyDelay = d;
    return this;
  }

  /** Every outgoing frame is written in three pieces, a few ms apart, so they reach the client in separate TLS records. */
  public MxSimulator splitWrites(boolean split) {
    splitWrites = split;
    return this;
  }

  /** New TLS sessions are closed as soon as they are accepted (MX down behind a live port). */
  public MxSimulator refuseSessions(boolean refuse) {
    refuseSessions = refuse;
    return this;
  }

  /** The user's address book, answered in ablist pages of 50 sorted by ext. */
  public MxSimulator contacts(String login, List<SimDirectory.Contact> entries) {
    directory.contacts.put(login, List.copyOf(entries));
    return this;
  }

  /** The user's call log, answered in callloginfo chunks of 21 filtered by the request's timestamp. */
  public MxSimulator callLog(String login, List<SimDirectory.Call> records) {
    directory.calls.put(login, List.copyOf(records));
    return this;
  }

  /** true: a call log of an exact multiple of 21 ends in silence instead of an empty chunk (both happen on MX). */
  public MxSimulator callLogSilentEnd(String login, boolean silent) {
    if (silent) directory.silentEnd.add(login);
    else directory.silentEnd.remove(login);
    return this;
  }

  /** The user's services (GetServiceList). */
  public MxSimulator services(String login, List<SimDirectory.Service> list) {
    directory.services.put(login, List.copyOf(list));
    return this;
  }

  /** Replaces the user's voicemails (list, files, status). */
  public MxSimulator voicemails(String login, List<SimVoice.Mail> list) {
    Map<String, SimVoice.Mail> byId = new ConcurrentHashMap<>();
    list.forEach(v -> byId.put(v.id(), v));
    voice.mails.put(login, byId);
    return this;
  }

  /** The user's voicemails as the simulator holds them now. */
  public Map<String, SimVoice.Mail> voicemailsOf(String login) {
    return Map.copyOf(voice.mails.getOrDefault(login, Map.of()));
  }

  /**
   * Adds a conference to the user's list as if the user had created it earlier (no event is sent:
   * nobody is connected yet when fixtures are loaded); missing fields are empty. Returns its confId.
   */
  public String addConference(String login, Map<String, String> fields) {
    return conferences.add(login, fields);
  }

  /** The user's conferences by confId, each its fields as MX sends them. */
  public Map<String, Map<String, String>> conferencesOf(String login) {
    return Map.copyOf(conferences.byUser.getOrDefault(login, Map.of()));
  }

  // ---- hooks ----

  /** Sends an event (invoke id 9999) to every session of this user; the number of sessions reached. */
  public int inject(String login, String xml) {
    List<Session> of = sessionsOf(login);
    of.forEach(s -> s.send(MxFrame.EVENT_ID, xml));
    return of.size();
  }

  /** {@code <Logout mode="forced"/>} to every session of the user (another device took it over). */
  public int forceLogout(String login) {
    return inject(login, "<Logout mode=\"forced\"/>");
  }

  /** Closes every session of the user without a word. */
  public int closeAbruptly(String login) {
    List<Session> of = sessionsOf(login);
    of.forEach(s -> s.socket.close());
    return of.size();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String login, String name) {
    return received.stream().filter(r -> r.login().equals(login) && r.name().equals(name)).toList();
  }

  /** Completes with the first frame (already received or coming) that passes the test. */
  public Future<Received> awaitFrame(Predicate<Received> test) {
    Promise<Received> p = Promise.promise();
    Watcher w = new Watcher(test, p);
    watchers.add(w);
    for (Received r : received) {
      if (test.test(r)) {
        watchers.remove(w);
        p.tryComplete(r);
        break;
      }
    }
    return p.future();
  }

  /** TLS sessions accepted so far (whatever became of them). */
  public int sessionsAccepted() {
    return accepts.size();
  }

  /** When each session was accepted (epoch ms), in order. */
  public List<Long> acceptTimes() {
    return List.copyOf(accepts);
  }

  /** Open, logged-in sessions of this user. */
  public List<Session> sessionsOf(String login) {
    return sessions.stream().filter(s -> login.equals(s.login)).toList();
  }

  // ---- sessions ----

  private void accept(NetSocket socket) {
    accepts.add(System.currentTimeMillis());
    if (refuseSessions) {
      socket.close();
      return;
    }
    Session s = new Session(socket);
    sessions.add(s);
    socket.handler(new MxFrameDecoder(s::onFrame, why -> socket.close()));
    socket.closeHandler(v -> sessions.remove(s));
  }

  /** One client connection. */
  public final class Session {
    private final NetSocket socket;
    private volatile String login;
    private User user;
    private boolean triedHash;
    private Future<Void> writes = Future.succeededFuture();

    private Session(NetSocket socket) {
      this.socket = socket;
    }

    public User user() {
      return user;
    }

    /** Answers a command with the same invoke id. */
    public void reply(MxMessage command, String xml) {
      send(command.invokeId(), xml);
    }

    /** Sends an event (invoke id 9999). */
    public void event(String xml) {
      send(MxFrame.EVENT_ID, xml);
    }

    void send(int id, String xml) {
      Buffer b = new MxFrame(id, xml).encode();
      long delay = replyDelay.toMillis();
      if (delay > 0 && id != MxFrame.EVENT_ID) vertx.setTimer(delay, t -> enqueue(b));
      else enqueue(b);
    }

    private synchronized void enqueue(Buffer b) {
      if (!splitWrites) {
        writes = writes.compose(v -> socket.write(b)).otherwiseEmpty();
        return;
      }
      // header split in the middle, payload split too: the decoder must stitch all of it
      int a = Math.min(3, b.length());
      int c = a + (b.length() - a) / 2;
      writes = writes.compose(v -> socket.write(b.getBuffer(0, a))).compose(v -> pause())
          .compose(v -> socket.write(b.getBuffer(a, c))).compose(v -> pause())
          .compose(v -> socket.write(b.getBuffer(c, b.length()))).otherwiseEmpty();
    }

    private Future<Void> pause() {
      Promise<Void> p = Promise.promise();
      vertx.setTimer(3, t -> p.complete());
      return p.future();
    }

    private void onFrame(MxFrame f) {
      String name;
      MxMessage m = null;
      if (f.xml().isBlank()) {
        name = "";
      } else {
        try {
          m = MxMessage.of(f);
          name = m.name();
        } catch (IllegalArgumentException e) {
          name = "?";
        }
      }
      Received r = new Received(login == null ? "" : login, f.invokeId(), name, f.xml(), System.currentTimeMillis());
      received.add(r);
      for (Watcher w : watchers) {
        if (w.test().test(r)) {
          watchers.remove(w);
          w.promise().tryComplete(r);
        }
      }
      if (m == null || f.isKeepalive()) return;
      if (m.name().equals("loginRequest")) {
        login(m);
        return;
      }
      if (login == null) return; // MX ignores commands before login
      if (muted.contains(login)) return;
      if (m.name().equals("logout")) {
        socket.close();
        return;
      }
      String[] err = errors.get(m.name());
      if (err != null) {
        reply(m, XmlOut.root("CSTAErrorCode").leaf(err[0], err[1]).build());
        return;
      }
      Handler h = handlers.get(m.name());
      if (h != null) h.handle(this, m);
      else reply(m, XmlOut.root(m.name() + "Response").build());
    }

    private void login(MxMessage m) {
      String name = m.root().textAt("userName");
      String pwd = m.root().textAt("pwd");
      if (name != null && silentLogin.contains(name)) return;
      User u = name == null ? null : users.get(name);
      if (u == null) {
        reply(m, failed("1", "User not found"));
        return;
      }
      String hash = MxLogin.hash(u.password());
      boolean hashed = hash.equals(pwd) || hash.trim().equals(pwd);
      if (u.ldap() && hashed) {
        triedHash = true;
        reply(m, failed("4", "LDAP user: send the password in clear text"));
        return;
      }
      boolean ok = u.ldap() ? triedHash && u.password().equals(pwd) : hashed;
      if (!ok) {
        reply(m, failed("2", "Invalid user name or password"));
        return;
      }
      user = u;
      login = u.login();
      reply(m, XmlOut.root("loginResponce").attr("Code", "0").attr("sn", SERIAL).attr("apiversion", API_VERSION).attr("ext", u.ext())
          .attr("userId", u.jid()).attr("softPhonePwd", "sp-" + u.ext()).attr("proto", "TLS").attr("mxport", "5061")
          .attr("clientport", "1234").text("Login OK").build());
    }

    private String failed(String code, String text) {
      return XmlOut.root("loginFailed").attr("Code", code).attr("sn", SERIAL).attr("apiversion", API_VERSION).text(text).build();
    }
  }

  /** Convenience for the many users of a benchmark: ext = 1000 + i. */
  public static List<User> numbered(String prefix, int count) {
    List<User> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(User.of(prefix + i, "pw-" + prefix + i, String.valueOf(1000 + i)));
    return out;
  }
}
