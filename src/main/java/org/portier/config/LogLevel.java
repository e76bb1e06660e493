package org.portier.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code log.level}: the root logger's level, set through logback's API at start and on every
 * reload, so an operator changes the verbosity without replacing logback.xml. An empty value leaves
 * (or puts back) the level logback.xml configured. Loggers that logback.xml sets explicitly (the
 * noisy libraries at WARN) keep their own level.
 */
public final class LogLevel {
  static final Set<String> NAMES = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  /** The root level logback.xml configured, remembered before the first change. */
  private static Level configured;

  private LogLevel() {}

  /** Problem text for a bad value, or null. */
  static String check(String value) {
    return value.isEmpty() || NAMES.contains(value.toUpperCase(Locale.ROOT)) ? null
        : "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF (or empty: as logback.xml says)";
  }

  /** Sets the root level from {@code log.level}; does nothing when logback is not the SLF4J backend. */
  public static synchronized void apply(Config c) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (configured == null) configured = root.getLevel();
    String v = c.string("log.level");
    Level next = v.isEmpty() ? configured : Level.toLevel(v.toUpperCase(Locale.ROOT), configured);
    if (!next.equals(root.getLevel())) root.setLevel(next);
  }
}
