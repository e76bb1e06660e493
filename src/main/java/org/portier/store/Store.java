package org.portier.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.portier.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: runs the Flyway migrations (HSQLDB and PostgreSQL alike), then opens a Vert.x
 * JDBC pool whose calls run on blocking executors. HSQLDB files use MVCC and write every commit
 * to disk before it returns, so a kill loses nothing that was acknowledged.
 *
 * <p>An HSQLDB file database's directory is kept 0700 and its files 0600: they hold every row (and
 * the log of every statement), so no other local user may read them. HSQLDB creates its files with
 * the process umask, and Java cannot set a umask, so the
 * directory is made private before the database opens (which alone keeps other users out) and the
 * files are narrowed after opening, then again periodically, since a checkpoint writes new ones.
 */
public final class Store {
  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  /** HSQLDB row cache of the CACHED tables: at most this many KB of rows in the heap... */
  static final int CACHE_KB = 65_536;
  /** ...and at most this many rows. */
  static final int CACHE_ROWS = 200_000;
  private final Vertx vertx;
  private final Pool pool;
  private final String url;
  private final String user;
  private final String password;
  private final Ids ids;
  /** How often the database files' mode is checked again (a checkpoint replaces .script, .properties, .log). */
  static final long PERMISSIONS_MS = 60_000;
  private long permissionsTimer = -1;

  private Store(Vertx vertx, Pool pool, String url, String user, String password) {
    this.vertx = vertx;
    this.pool = pool;
    this.url = url;
    this.user = user;
    this.password = password;
    this.ids = new Ids(pool);
  }

  /** Id allocation for the tables listed in id_sequences. */
  public Ids ids() {
    return ids;
  }

  public Pool pool() {
    return pool;
  }

  public boolean isHsqldb() {
    return url.startsWith("jdbc:hsqldb:");
  }

  public static Future<Store> open(Vertx vertx, Config config) {
    String url = effectiveUrl(config.string("store.url"));
    String user = config.string("store.user");
    String password = config.string("store.password");
    return vertx.executeBlocking(() -> {
      if (url.startsWith("jdbc:hsqldb:file:")) privateDirectory(url);
      if (url.startsWith("jdbc:hsqldb:file:")) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
          // Default HSQLDB batches log writes for 500 ms; an acknowledged write must survive a kill.
          s.execute("SET FILES WRITE DELAY FALSE");
          // HSQLDB's default MEMORY tables hold every row in the heap and are rewritten whole at each
          // checkpoint: the outbox alone then grows the heap with every push. CACHED tables keep rows
          // on disk behind a bounded row cache. Set before the migrations, so new tables are CACHED,
          // and the tables of an older store are converted.
          s.execute("SET DATABASE DEFAULT TABLE TYPE CACHED");
          // The row cache: HSQLDB's default (10 MB) made it evict and write rows while queries waited,
          // tripling the MX benchmark's p99; 64 MB matched MEMORY tables' latency and stays bounded.
          s.execute("SET FILES CACHE SIZE " + CACHE_KB);
          s.execute("SET FILES CACHE ROWS " + CACHE_ROWS);
          cacheMemoryTables(c);
        }
      }
      Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
      if (url.startsWith("jdbc:hsqldb:file:")) privateFiles(url);
      LOG.info("store ready at {}", url.replaceAll("password=[^;&]*", "password=***"));
      return url;
    }).map(u -> {
      Pool pool = JDBCPool.pool(vertx, new PortableDataSource(u, user, password),
          new PoolOptions().setMaxSize(config.integer("store.poolSize")));
      Store store = new Store(vertx, pool, u, user, password);
      if (u.startsWith("jdbc:hsqldb:file:")) {
        store.permissionsTimer = vertx.setPeriodic(PERMISSIONS_MS, t -> vertx.executeBlocking(() -> {
          privateFiles(u);
          return null;
        }, false));
      }
      return store;
    });
  }

  /** The database's file path prefix of an HSQLDB file URL ({@code jdbc:hsqldb:file:data/portier;...} → data/portier). */
  static Path databasePath(String url) {
    String rest = url.substring("jdbc:hsqldb:file:".length());
    int semi = rest.indexOf(';');
    return Path.of(semi < 0 ? rest : rest.substring(0, semi)).toAbsolutePath().normalize();
  }

  /**
   * Creates the database's directory with mode 0700, or narrows it to 0700 when it exists, unless it is
   * the working directory itself (an operator's choice this does not override; its files are still narrowed).
   */
  static void privateDirectory(String url) throws IOException {
    Path dir = databasePath(url).getParent();
    if (dir == null) return;
    if (!Files.exists(dir)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createDirectories(dir);
        return;
      }
    }
    if (dir.equals(Path.of("").toAbsolutePath().normalize())) {
      LOG.warn("store: the database lives in the working directory {}; give it a directory of its own, which Portier keeps private (0700)", dir);
      return;
    }
    setMode(dir, "rwx------");
  }

  /** Narrows every file (and HSQLDB's .tmp and .lobs directories) of the database to its owner. */
  static void privateFiles(String url) throws IOException {
    Path db = databasePath(url);
    Path dir = db.getParent();
    if (dir == null || !Files.isDirectory(dir)) return;
    String prefix = db.getFileName() + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(prefix))) {
      for (Path f : files) setMode(f, Files.isDirectory(f) ? "rwx------" : "rw-------");
    }
  }

  private static void setMode(Path p, String mode) throws IOException {
    try {
      Set<PosixFilePermission> wanted = PosixFilePermissions.fromString(mode);
      if (!Files.getPosixFilePermissions(p).equals(wanted)) Files.setPosixFilePermissions(p, wanted);
    } catch (UnsupportedOperationException notPosix) {
      // not a POSIX file system: its own access rules apply
    } catch (java.nio.file.NoSuchFileException gone) {
      // HSQLDB removed it meanwhile (a checkpoint's temporary file)
    }
  }

  /** Turns the MEMORY tables of a store made before tables were CACHED into CACHED ones (once; a no-op after). */
  private static void cacheMemoryTables(Connection c) throws java.sql.SQLException {
    java.util.List<String> memory = new java.util.ArrayList<>();
    try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.SYSTEM_TABLES"
        + " WHERE TABLE_SCHEM = 'PUBLIC' AND TABLE_TYPE = 'TABLE' AND HSQLDB_TYPE = 'MEMORY'")) {
      while (rs.next()) memory.add(rs.getString(1));
    }
    for (String table : memory) {
      try (Statement s = c.createStatement()) {
        s.execute("SET TABLE PUBLIC.\"" + table.replace("\"", "\"\"") + "\" TYPE CACHED");
      }
      LOG.info("store: table {} is now CACHED (rows on disk, not in the heap)", table);
    }
  }

  private static String effectiveUrl(String url) {
    if (url.startsWith("jdbc:hsqldb:") && !url.contains("hsqldb.tx=")) return url + ";hsqldb.tx=mvcc";
    return url;
  }

  /** Closes the pool; an HSQLDB file database is shut down cleanly (checkpoint, files closed). */
  public Future<Void> close() {
    if (permissionsTimer >= 0) vertx.cancelTimer(permissionsTimer);
    return pool.close().compose(v -> vertx.executeBlocking(() -> {
      if (url.startsWith("jdbc:hsqldb:")) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        } catch (Exception e) {
          LOG.debug("HSQLDB shutdown: {}", e.toString());
        }
        // SHUTDOWN's checkpoint wrote a new .script and .properties
        if (url.startsWith("jdbc:hsqldb:file:")) {
          try {
            privateFiles(url);
          } catch (IOException e) {
            LOG.warn("store: could not make the database files private (0600): {}", e.toString());
          }
        }
      }
      return null;
    }));
  }

  public static long now() {
    return System.currentTimeMillis();
  }
}
