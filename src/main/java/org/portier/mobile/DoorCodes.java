package org.portier.mobile;

/** Flat door codes: "00000" (or none) means the code is disabled and the apps must not show it. */
final class DoorCodes {
  private DoorCodes() {}

  static boolean shown(String code) {
    return code != null && !code.isBlank() && !"00000".equals(code);
  }
}
