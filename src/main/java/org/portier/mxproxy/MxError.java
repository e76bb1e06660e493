package org.portier.mxproxy;

import java.util.Map;

/**
 * A failure of the MX face: status, the message of its {"error": "..."} body and the headers it
 * needs (WWW-Authenticate on 401, Retry-After on 429 and 503).
 */
public final class MxError extends RuntimeException {
  private final int status;
  private final Map<String, String> headers;
  /** For an error MX gave as a CSTAErrorCode: the element of its text (the body's "csta"); else null. */
  private String csta;

  public MxError(int status, String message) {
    this(status, message, Map.of());
  }

  public MxError(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = headers;
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public String csta() {
    return csta;
  }

  /** Marks the error as MX's CSTA error carried by {@code element}; the body then says "csta": element after "error". */
  public MxError csta(String element) {
    this.csta = element;
    return this;
  }

  /** 401 with the Bearer challenge MX Proxy sends. */
  public static MxError bearer(String message) {
    return new MxError(401, message, Map.of("WWW-Authenticate", "Bearer realm=\"MXProxy\""));
  }

  public static MxError retryLater(int status, String message, long seconds) {
    return new MxError(status, message, Map.of("Retry-After", Long.toString(Math.max(1, seconds))));
  }
}
