package org.portier.store;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;

/** Reads what a failed statement says about concurrent writers, the same way for HSQLDB and PostgreSQL. */
public final class Constraints {
  private Constraints() {}

  /** True for a unique-key violation (SQLSTATE 23505, or HSQLDB's integrity exception) anywhere in the cause chain. */
  public static boolean isUniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLIntegrityConstraintViolationException) return true;
      if (c instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
    }
    return false;
  }

  /**
   * True when another writer of the same key won: an integrity violation (SQLSTATE 23xxx) or a
   * serialization failure (40xxx). The caller may retry or read what the winner wrote.
   */
  public static boolean lostRace(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLIntegrityConstraintViolationException || c instanceof SQLTransactionRollbackException) return true;
      if (c instanceof SQLException s && s.getSQLState() != null && (s.getSQLState().startsWith("23") || s.getSQLState().startsWith("40"))) {
        return true;
      }
    }
    return false;
  }
}
