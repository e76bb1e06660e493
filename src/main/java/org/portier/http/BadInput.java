package org.portier.http;

/** A client mistake: carries the HTTP status and a clear message; each face renders it in its own format. */
public final class BadInput extends RuntimeException {
  private final int status;

  public BadInput(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static BadInput unprocessable(String message) {
    return new BadInput(422, message);
  }

  public static BadInput notFound(String message) {
    return new BadInput(404, message);
  }

  public static BadInput conflict(String message) {
    return new BadInput(409, message);
  }
}
