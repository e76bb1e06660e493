package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.portier.bus.Addresses;
import org.portier.config.Config;
import org.portier.security.SecretBox;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the MX users: the mx_users table and one {@link MxConnection} verticle per user. It is the
 * only place a connection is created, so there is exactly one per login however requests race;
 * on start it brings back every stored user. See {@link Addresses#MX_CONNECT} for the contract.
 */
public final class MxSupervisor extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MxSupervisor.class);

  /** One user's connection; every field is touched on the supervisor's context only. */
  private static final class Entry {
    final String login;
    Future<MxConnection> deployed;
    String deploymentId;
    boolean stored;
    String storedState;
    Future<Void> dbTail = Future.succeededFuture();
    boolean gone;

    Entry(String login, boolean stored, String storedState) {
      this.login = login;
      this.stored = stored;
      this.storedState = storedState;
    }
  }

  private final Map<String, Entry> entries = new HashMap<>();
  private final List<NetClient> clients = new ArrayList<>();
  private final Store store;
  private final SecretBox box;
  private Config config;
  private MxSettings settings;
  /** Read by the connections on their own contexts when they dial. */
  private volatile NetClient client;
  private MxUsers users;

  public MxSupervisor(Config config, Store store, SecretBox box) {
    this.config = config;
    this.store = store;
    this.box = box;
  }

  @Override
  public Future<?> start() {
    settings = MxSettings.from(config);
    users = new MxUsers(store.pool(), box);
    newClient();
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_CHANGED, m -> reconfigure(new Config(m.body())));
    return users.all().compose(stored -> {
      List<Future<?>> started = new ArrayList<>();
      for (MxUsers.StoredUser u : stored) {
        Entry e = new Entry(u.login(), true, u.state());
        entries.put(u.login(), e);
        boolean refused = MxUsers.FAILED.equals(u.state());
        started.add(deploy(e, u.creds(), !refused, refused ? u.lastError() : null));
      }
      if (!stored.isEmpty()) LOG.info("mx: reconnecting {} stored user(s)", stored.size());
      return Future.join(started);
    }).compose(v -> Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.MX_CONNECT, this::onConnect).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.MX_LOGOUT, this::onLogout).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.MX_CONNECTIONS, this::onConnections).completion()));
  }

  @Override
  public Future<?> stop() {
    // the connection verticles are children of this one and are undeployed with it; then the clients go
    return Future.succeededFuture().onComplete(v -> clients.forEach(NetClient::close));
  }

  private NetClient client() {
    return client;
  }

  private void newClient() {
    client = MxTls.client(vertx, settings);
    clients.add(client);
  }

  private Future<MxConnection> deploy(Entry e, MxCredentials creds, boolean connectNow, String lastError) {
    MxConnection c = new MxConnection(e.login, creds, settings, this::client, this::onStateChanged, connectNow, lastError);
    e.deployed = vertx.deployVerticle(c).map(id -> {
      e.deploymentId = id;
      return c;
    });
    return e.deployed;
  }

  // ---- mx.connect ----

  private void onConnect(Message<JsonObject> m) {
    JsonObject b = m.body() == null ? new JsonObject() : m.body();
    MxCredentials creds;
    String login;
    try {
      login = required(b, "login");
      Object port = b.getValue("port");
      if (!(port instanceof Number n) || n.intValue() < 1 || n.intValue() > 65535) throw new IllegalArgumentException("port must be 1-65535");
      creds = new MxCredentials(required(b, "host"), ((Number) port).intValue(), required(b, "mxLogin"), required(b, "mxPassword"));
    } catch (IllegalArgumentException | ClassCastException e) {
      m.fail(400, "bad mx.connect request: " + e.getMessage());
      return;
    }
    Entry e = entries.get(login);
    if (e == null) {
      e = new Entry(login, false, null);
      entries.put(login, e);
      deploy(e, creds, false, null);
    }
    Entry entry = e;
    entry.deployed.compose(c -> c.connect(creds)).onComplete(ar -> {
      if (ar.succeeded()) {
        JsonObject s = ar.result();
        persist(entry, () -> users.save(login, creds, s.getString("ext"), s.getString("jid")).onSuccess(v -> {
          entry.stored = true;
          entry.storedState = MxUsers.READY;
        })).onComplete(saved -> {
          if (saved.failed()) {
            LOG.warn("mx user {}: cannot store the user: {}", login, saved.cause().toString());
            m.fail(503, "cannot store the mx user");
            return;
          }
          m.reply(new JsonObject().put("login", login).put("state", s.getString("state")).put("ext", s.getString("ext"))
              .put("jid", s.getString("jid")).put("mx", s.getString("mx")).put("since", s.getLong("since")));
        });
        return;
      }
      if (!entry.stored) forget(entry);
      m.fail(MxException.statusOf(ar.cause()), String.valueOf(ar.cause().getMessage()));
    });
  }

  /** A user that never got a stored session goes away with its connection when the first login fails. */
  private void forget(Entry e) {
    if (e.gone) return;
    e.gone = true;
    if (entries.get(e.login) == e) entries.remove(e.login);
    e.deployed.onSuccess(c -> {
      if (e.deploymentId != null) vertx.undeploy(e.deploymentId);
    });
  }

  // ---- mx.logout ----

  private void onLogout(Message<JsonObject> m) {
    String login = m.body() == null ? null : m.body().getString("login");
    Entry e = login == null ? null : entries.remove(login);
    if (e == null) {
      m.fail(404, "not found");
      return;
    }
    e.gone = true;
    e.deployed.compose(MxConnection::logout)
        .eventually(() -> e.deploymentId == null ? Future.succeededFuture() : vertx.undeploy(e.deploymentId))
        .transform(x -> persist(e, () -> users.delete(login)))
        .onComplete(ar -> {
          if (ar.failed()) LOG.warn("mx user {}: logout left the row: {}", login, ar.cause().toString());
          LOG.info("mx user {} logged out", login);
          m.reply(new JsonObject().put("userLogout", login));
        });
  }

  // ---- mx.connections ----

  private void onConnections(Message<JsonObject> m) {
    JsonArray list = new JsonArray();
    entries.values().stream().sorted(java.util.Comparator.comparing(x -> x.login)).forEach(e -> {
      MxConnection c = e.deployed.result();
      if (c == null) return;
      JsonObject s = c.snapshot();
      JsonObject row = new JsonObject().put("login", e.login).put("state", s.getString("state")).put("since", s.getLong("since"));
      if (s.containsKey("ext")) row.put("ext", s.getString("ext"));
      row.put("host", s.getString("host"));
      if (s.containsKey("lastError")) row.put("lastError", s.getString("lastError"));
      list.add(row);
    });
    m.reply(new JsonObject().put("connections", list));
  }

  // ---- state changes from the connections ----

  private void onStateChanged(MxConnection c, MxConnection.State state, String error) {
    JsonObject s = c.snapshot();
    context.runOnContext(v -> {
      Entry e = entries.get(c.login());
      if (e == null || e.gone || !e.stored) return;
      String row = switch (state) {
        case READY -> MxUsers.READY;
        case CLOSED -> MxUsers.FAILED;
        default -> MxUsers.RECONNECTING;
      };
      if (row.equals(e.storedState)) return;
      e.storedState = row;
      if (row.equals(MxUsers.FAILED)) LOG.warn("mx user {} marked FAILED: {}", c.login(), error);
      persist(e, () -> users.state(c.login(), row, s.getString("ext"), s.getString("jid"), row.equals(MxUsers.READY) ? null : error))
          .onFailure(x -> LOG.warn("mx user {}: cannot store state {}: {}", c.login(), row, x.toString()));
    });
  }

  /** Writes of one user run one after another, in the order they were asked for. */
  private Future<Void> persist(Entry e, java.util.function.Supplier<Future<Void>> write) {
    Future<Void> mine = e.dbTail.transform(x -> write.get());
    e.dbTail = mine.otherwiseEmpty();
    return mine;
  }

  private void reconfigure(Config fresh) {
    MxSettings next = MxSettings.from(fresh);
    config = fresh;
    if (next.equals(settings)) return;
    settings = next;
    // Old clients keep serving the sockets they opened; they are closed when the supervisor stops.
    newClient();
    for (Entry e : entries.values()) e.deployed.onSuccess(c -> c.reconfigure(next, this::client));
    LOG.info("mx settings reloaded");
  }

  private static String required(JsonObject b, String key) {
    String v = b.getString(key);
    if (v == null || v.isBlank()) throw new IllegalArgumentException(key + " is required");
    return v;
  }
}
