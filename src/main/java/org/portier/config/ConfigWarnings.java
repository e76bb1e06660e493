package org.portier.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings that are valid but unsafe on a node facing the internet, logged as warnings each time a
 * config takes effect (at start and after every accepted reload), so they cannot be forgotten.
 */
public final class ConfigWarnings {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWarnings.class);

  private ConfigWarnings() {}

  public static void log(Config c) {
    int tests = c.table("otp.testNumbers").size();
    if (tests > 0) {
      // Anyone who learns a test number and its fixed code logs in as that phone.
      LOG.warn("otp.testNumbers holds {} test number(s) that log in with a fixed code and no SMS: keep this table empty on a production node", tests);
    }
  }
}
