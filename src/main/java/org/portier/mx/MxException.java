package org.portier.mx;

/**
 * A failure with the status the event-bus contract answers with: 403 MX refused the login, 504 MX
 * did not answer in time, 503 no usable connection, 400 a CSTA error (with the name of the element
 * that carried its text, e.g. privateErrorCode), 404 unknown user.
 */
public final class MxException extends RuntimeException {
  private final int status;
  private final String cstaElement;

  public MxException(int status, String message) {
    this(status, message, null);
  }

  public MxException(int status, String message, String cstaElement) {
    super(message, null, false, false);
    this.status = status;
    this.cstaElement = cstaElement;
  }

  public int status() {
    return status;
  }

  /** For CSTA errors: the element whose text is the message; null otherwise. */
  public String cstaElement() {
    return cstaElement;
  }

  public static MxException timeout(String what) {
    return new MxException(504, what);
  }

  public static MxException unavailable(String why) {
    return new MxException(503, why);
  }

  /** The status of any failure: an MxException's own, 503 for anything else (transport errors). */
  public static int statusOf(Throwable t) {
    return t instanceof MxException m ? m.status : 503;
  }
}
