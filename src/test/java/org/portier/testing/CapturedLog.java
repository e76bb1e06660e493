package org.portier.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the JVM while open (a logback ListAppender on the root logger), as
 * "LEVEL logger message" lines with the arguments filled in and any exception's text appended.
 */
public final class CapturedLog implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  private CapturedLog() {
    appender.start();
    root.addAppender(appender);
  }

  public static CapturedLog start() {
    return new CapturedLog();
  }

  public List<String> lines() {
    synchronized (appender) { // AppenderBase.doAppend holds this lock while it adds
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()))
          .toList();
    }
  }

  /** All lines as one text. */
  public String text() {
    return String.join("\n", lines());
  }

  /** The first {@code n}-character piece of {@code secret} found in the log, or null when none is. */
  public String pieceOf(String secret, int n) {
    return pieceIn(text(), secret, n);
  }

  /** The same within the lines that contain {@code marker} (short enough for short pieces to mean something). */
  public String pieceOf(String secret, int n, String marker) {
    return pieceIn(String.join("\n", lines().stream().filter(l -> l.contains(marker)).toList()), secret, n);
  }

  private static String pieceIn(String all, String secret, int n) {
    for (int i = 0; i + n <= secret.length(); i++) {
      String piece = secret.substring(i, i + n);
      if (all.contains(piece)) return piece;
    }
    return null;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
