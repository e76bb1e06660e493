package org.portier.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps one connection's prepared statements open for reuse. The Vert.x JDBC pool prepares and
 * closes a statement for every query; HSQLDB then compiles the SQL again each time, which the MX
 * benchmark measured at about a fifth of Portier's CPU and most of its garbage (22 KB a prepare).
 * Here a statement's close only clears its parameters and puts it back, keyed by its SQL, and the
 * next prepare of the same SQL on this connection takes it. A statement still in use when the same
 * SQL is prepared again is not shared: the second one is a fresh statement. At most
 * {@link #MAX_IDLE} idle statements are kept per connection (least recently used closed first),
 * and all are closed with the connection. The pool sets the same options (query timeout, fetch
 * size, max rows: Portier sets none) on every statement it prepares, so a reused statement carries
 * no setting of its previous user.
 */
final class StatementCache {
  static final int MAX_IDLE = 200;
  private final Connection real;
  /** Statements really prepared by the driver on this connection (a reuse does not count). */
  private int prepared;
  private final Map<String, PreparedStatement> idle = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= MAX_IDLE) return false;
      closeQuietly(eldest.getValue());
      return true;
    }
  };

  StatementCache(Connection real) {
    this.real = real;
  }

  /** A statement for {@code sql}: an idle one of this connection, or a new one; its close puts it back. */
  synchronized PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = idle.remove(sql);
    if (ps == null || ps.isClosed()) {
      ps = real.prepareStatement(sql);
      prepared++;
    }
    return reusable(sql, ps);
  }

  synchronized int prepared() {
    return prepared;
  }

  /** Closes every idle statement (the connection is closing). */
  synchronized void closeAll() {
    idle.values().forEach(StatementCache::closeQuietly);
    idle.clear();
  }

  private synchronized void giveBack(String sql, PreparedStatement ps) {
    try {
      ResultSet open = ps.getResultSet();
      if (open != null) open.close();
      ps.clearParameters();
      ps.clearBatch();
      ps.clearWarnings();
    } catch (SQLException e) {
      closeQuietly(ps);
      return;
    }
    PreparedStatement displaced = idle.put(sql, ps);
    if (displaced != null && displaced != ps) closeQuietly(displaced);
  }

  private PreparedStatement reusable(String sql, PreparedStatement ps) {
    boolean[] closed = {false};
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
        (proxy, m, args) -> {
          switch (m.getName()) {
            case "close" -> {
              if (!closed[0]) {
                closed[0] = true;
                giveBack(sql, ps);
              }
              return null;
            }
            case "isClosed" -> {
              return closed[0] || ps.isClosed();
            }
            case "unwrap", "isWrapperFor", "equals", "hashCode", "toString" -> {
              // fall through to the real statement below
            }
            default -> {
              if (closed[0]) throw new SQLException("statement is closed");
            }
          }
          try {
            return m.invoke(ps, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException e) {
      // already unusable; nothing to keep
    }
  }
}
