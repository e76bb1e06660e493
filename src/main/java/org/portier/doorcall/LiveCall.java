package org.portier.doorcall;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** A call whose credentials are valid, held by the verticle until it ends or expires. */
final class LiveCall {
  final String id;
  final long expiresAt;
  final String snapshotUrl;
  final List<LiveLeg> legs = new ArrayList<>();
  String state;
  /** The leg whose phone picked up; from then on the other legs are revoked. Null until answered. */
  LiveLeg answered;
  long timerId = -1;
  /** The door camera's picture taken once when the call started (null: not fetched yet or failed). */
  Future<Snapshot> camshot;

  LiveCall(String id, long expiresAt, String snapshotUrl, String state) {
    this.id = id;
    this.expiresAt = expiresAt;
    this.snapshotUrl = snapshotUrl;
    this.state = state;
  }

  /** The leg with this extension (live or revoked), or null. */
  LiveLeg leg(String extension) {
    for (LiveLeg l : legs) if (l.extension.equals(extension)) return l;
    return null;
  }

  /** A camera picture and its content type. */
  record Snapshot(Buffer bytes, String contentType) {}
}
