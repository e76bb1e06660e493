package org.portier.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections for the Vert.x JDBC pool. vertx-jdbc-client 5.0.10 ends every transaction with
 * {@code commit(); setAutoCommit(false)} (JDBCTxOp), so a pooled connection that once ran a
 * transaction keeps every later plain statement uncommitted: other connections never see those
 * writes and a crash loses them. Each connection here turns a {@code setAutoCommit(false)} that
 * directly follows commit/rollback into {@code setAutoCommit(true)}, restoring plain auto-commit.
 * It also never asks the driver for generated keys (Portier allocates ids itself), and makes
 * column labels upper case on every database (see {@link LabelCase}). On HSQLDB it keeps each
 * connection's prepared statements for reuse (see {@link StatementCache}); PostgreSQL's driver
 * caches its server-side statements itself.
 */
final class PortableDataSource implements DataSource {
  private final String url;
  private final String user;
  private final String password;

  PortableDataSource(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(DriverManager.getConnection(url, user, password), upperLabels(), hsqldb());
  }

  @Override
  public Connection getConnection(String u, String p) throws SQLException {
    return wrap(DriverManager.getConnection(url, u, p), upperLabels(), hsqldb());
  }

  /**
   * HSQLDB reports unquoted column labels in upper case, PostgreSQL in lower case; Portier's code
   * reads rows by upper-case label, so on other databases labels are upper-cased here.
   */
  private boolean upperLabels() {
    return !hsqldb();
  }

  private boolean hsqldb() {
    return url.startsWith("jdbc:hsqldb:");
  }

  static Connection wrap(Connection real, boolean upperLabels, boolean cacheStatements) {
    boolean[] justEnded = {false};
    StatementCache cache = cacheStatements ? new StatementCache(real) : null;
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
      String name = m.getName();
      try {
        if ("setAutoCommit".equals(name) && Boolean.FALSE.equals(args[0]) && justEnded[0]) {
          justEnded[0] = false;
          real.setAutoCommit(true);
          return null;
        }
        if ("prepareStatement".equals(name) && cache != null && (args.length == 1 || args.length == 2 && args[1] instanceof Integer)) {
          // generated keys are never asked for (see below), so both forms are one plain statement
          justEnded[0] = false;
          return cache.prepare((String) args[0]);
        }
        if ("close".equals(name) && cache != null) cache.closeAll();
        if ("prepareStatement".equals(name) && args.length == 2 && args[1] instanceof Integer) {
          // Portier allocates ids itself (Ids); asking HSQLDB for generated keys breaks plain SELECTs.
          justEnded[0] = false;
          java.sql.PreparedStatement ps = real.prepareStatement((String) args[0]);
          return upperLabels ? LabelCase.statement(ps) : ps;
        }
        if ("getMetaData".equals(name)) {
          justEnded[0] = false;
          return withoutGeneratedKeys(real.getMetaData());
        }
        Object result = m.invoke(real, args);
        if (upperLabels && result instanceof java.sql.Statement st) result = LabelCase.statement(st);
        justEnded[0] = "commit".equals(name) || ("rollback".equals(name) && (args == null || args.length == 0));
        return result;
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  /** Metadata that says "no generated keys", so the pool never reads them (see prepareStatement above). */
  private static java.sql.DatabaseMetaData withoutGeneratedKeys(java.sql.DatabaseMetaData real) {
    return (java.sql.DatabaseMetaData) Proxy.newProxyInstance(java.sql.DatabaseMetaData.class.getClassLoader(),
        new Class<?>[] {java.sql.DatabaseMetaData.class}, (proxy, m, args) -> {
          if ("supportsGetGeneratedKeys".equals(m.getName())) return false;
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
