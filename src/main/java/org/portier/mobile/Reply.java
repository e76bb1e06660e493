package org.portier.mobile;

/** A successful answer of a mobile method: 200 with optional data, or 204 with no body at all. */
record Reply(int code, Object data) {
  static Reply ok(Object data) {
    return new Reply(200, data);
  }

  static Reply noContent() {
    return new Reply(204, null);
  }
}
