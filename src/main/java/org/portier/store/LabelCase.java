package org.portier.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.Locale;

/** Wraps statements so that every result set reports its column labels in upper case. */
final class LabelCase {
  private LabelCase() {}

  static Statement statement(Statement real) {
    Class<?> iface = real instanceof CallableStatement ? CallableStatement.class
        : real instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return (Statement) proxy(real, iface);
  }

  private static Object proxy(Object real, Class<?> iface) {
    return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (p, m, args) -> {
      Object r;
      try {
        r = m.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (r instanceof ResultSetMetaData md) return upper(md);
      if (r instanceof ResultSet rs) return proxy(rs, ResultSet.class);
      return r;
    });
  }

  private static ResultSetMetaData upper(ResultSetMetaData real) {
    return (ResultSetMetaData) Proxy.newProxyInstance(ResultSetMetaData.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
        (p, m, args) -> {
          Object r;
          try {
            r = m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (("getColumnLabel".equals(m.getName()) || "getColumnName".equals(m.getName())) && r instanceof String s) {
            return s.toUpperCase(Locale.ROOT);
          }
          return r;
        });
  }
}
