package org.portier.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reused statements must behave like fresh ones: no parameters, rows or state carried over. */
class StatementCacheTest {
  private Connection real;
  private StatementCache cache;

  @BeforeEach
  void open() throws SQLException {
    real = DriverManager.getConnection("jdbc:hsqldb:mem:stmtcache" + System.nanoTime(), "SA", "");
    try (Statement s = real.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))");
      s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }
    cache = new StatementCache(real);
  }

  @AfterEach
  void close() throws SQLException {
    cache.closeAll();
    real.close();
  }

  private String name(PreparedStatement ps, int id) throws SQLException {
    ps.setInt(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void aClosedStatementIsReusedForTheSameSqlWithItsParametersCleared() throws SQLException {
    String sql = "SELECT name FROM t WHERE id = ?";
    PreparedStatement first = cache.prepare(sql);
    assertThat(name(first, 1)).isEqualTo("one");
    first.close();
    assertThat(first.isClosed()).isTrue();
    assertThatThrownBy(() -> first.executeQuery()).isInstanceOf(SQLException.class);

    PreparedStatement second = cache.prepare(sql);
    // parameters were cleared: executing without setting one fails instead of reading id 1 again
    assertThatThrownBy(second::executeQuery).isInstanceOf(SQLException.class);
    assertThat(name(second, 2)).isEqualTo("two");
    second.close();
    assertThat(cache.prepared()).as("prepared once, used twice").isEqualTo(1);
  }

  @Test
  void theSameSqlInUseTwiceAtOnceGetsTwoStatements() throws SQLException {
    String sql = "SELECT name FROM t WHERE id = ?";
    PreparedStatement a = cache.prepare(sql);
    PreparedStatement b = cache.prepare(sql);
    a.setInt(1, 1);
    b.setInt(1, 3);
    try (ResultSet ra = a.executeQuery(); ResultSet rb = b.executeQuery()) {
      assertThat(ra.next()).isTrue();
      assertThat(rb.next()).isTrue();
      assertThat(ra.getString(1)).isEqualTo("one");
      assertThat(rb.getString(1)).isEqualTo("three");
    }
    a.close();
    b.close();
    assertThat(cache.prepared()).isEqualTo(2);
    // one of them is kept, the other closed: the next two prepares make one new statement
    PreparedStatement c = cache.prepare(sql);
    PreparedStatement d = cache.prepare(sql);
    assertThat(cache.prepared()).isEqualTo(3);
    c.close();
    d.close();
  }

  @Test
  void aBatchLeftUnexecutedIsNotRunByTheNextUser() throws SQLException {
    String insert = "INSERT INTO t VALUES (?, ?)";
    PreparedStatement ps = cache.prepare(insert);
    ps.setInt(1, 10);
    ps.setString(2, "ten");
    ps.addBatch();
    ps.close(); // abandoned, never executed
    PreparedStatement again = cache.prepare(insert);
    again.setInt(1, 11);
    again.setString(2, "eleven");
    again.addBatch();
    again.executeBatch();
    again.close();
    try (Statement s = real.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t WHERE id >= 10")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void idleStatementsAreBoundedAndClosedWithTheConnection() throws SQLException {
    for (int i = 0; i < StatementCache.MAX_IDLE + 20; i++) {
      cache.prepare("SELECT name FROM t WHERE id = " + i).close();
    }
    assertThat(cache.prepared()).isEqualTo(StatementCache.MAX_IDLE + 20);
    // the oldest were dropped: preparing the first again really prepares it
    cache.prepare("SELECT name FROM t WHERE id = 0").close();
    assertThat(cache.prepared()).isEqualTo(StatementCache.MAX_IDLE + 21);
    // the newest is still there
    cache.prepare("SELECT name FROM t WHERE id = " + (StatementCache.MAX_IDLE + 19)).close();
    assertThat(cache.prepared()).isEqualTo(StatementCache.MAX_IDLE + 21);
  }
}
