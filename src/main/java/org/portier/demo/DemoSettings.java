package org.portier.demo;

import java.nio.file.Path;

/**
 * Where the demo keeps its data and on which ports its stand-ins listen.
 *
 * @param dir the demo's own data directory (database, keys, admin token, generated config), never
 *     the real store's
 * @param mxPort the MX simulator's port; a stable port lets the MX users stored by one run
 *     reconnect on the next; 0 = any free port
 * @param stubPort the fake provisioning service and door panel; 0 = any free port
 */
public record DemoSettings(Path dir, int mxPort, int stubPort) {
  /** {@code data-demo/} next to {@code data/}; ports 17778 (MX's 7778, shifted) and 17780, or free ones when taken. */
  public static DemoSettings defaults() {
    return new DemoSettings(Path.of("data-demo"), 17778, 17780);
  }
}
