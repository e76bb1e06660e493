package org.portier.doorcall;

/**
 * One device's one-time SIP credentials while its call lives. {@code password} is the leg's hash
 * too (the Android app registers with the hash); {@code digest} is its SHA-256 hex, the key of
 * snapshot links. Mutable only by the verticle, on its own context.
 */
final class LiveLeg {
  final String callId;
  final String extension;
  final String password;
  final String digest;
  final long deviceId;
  final String platform;
  boolean fetched;

  LiveLeg(String callId, String extension, String password, String digest, long deviceId, String platform, boolean fetched) {
    this.callId = callId;
    this.extension = extension;
    this.password = password;
    this.digest = digest;
    this.deviceId = deviceId;
    this.platform = platform;
    this.fetched = fetched;
  }

  @Override
  public String toString() {
    return "leg " + extension + " of call " + callId;
  }
}
