package org.portier.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Collects the log lines (level and formatted message) of one logger and its children while open,
 * e.g. {@code try (LogCapture log = LogCapture.of("org.portier")) { ... log.await(l -> ...) }}.
 */
public final class LogCapture implements AutoCloseable {
  /** One captured event. */
  public record Line(String level, String logger, String message) {
    @Override
    public String toString() {
      return level + " " + logger + " - " + message;
    }
  }

  private final Logger logger;
  private final List<Line> lines = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent e) {
      synchronized (lines) {
        lines.add(new Line(e.getLevel().toString(), e.getLoggerName(), e.getFormattedMessage()));
        lines.notifyAll();
      }
    }
  };

  private LogCapture(String name) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    logger = ctx.getLogger(name);
    appender.setContext(ctx);
    appender.setName("capture-" + System.identityHashCode(this));
    appender.start();
    logger.addAppender(appender);
  }

  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  public List<Line> lines() {
    synchronized (lines) {
      return new ArrayList<>(lines);
    }
  }

  public List<Line> matching(Predicate<Line> p) {
    return lines().stream().filter(p).toList();
  }

  /** The first line matching {@code p}, waiting up to {@code timeout} for it; fails with every line seen when none comes. */
  public Line await(Predicate<Line> p, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (Line l : lines) if (p.test(l)) return l;
        long left = end - System.nanoTime();
        if (left <= 0) throw new AssertionError("no such log line within " + timeout + "; saw:\n" + String.join("\n", lines.stream().map(Line::toString).toList()));
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
