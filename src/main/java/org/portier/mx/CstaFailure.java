package org.portier.mx;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The event-bus failure of a command MX refused with a CSTAErrorCode: failure code 400 and the
 * CSTA text, as before, plus the name of the element that carried the text (privateErrorCode,
 * operation, ...), so the MX face can tell clients which kind of CSTA error it was. Within one JVM
 * the requester receives this very object; across a cluster it would arrive as a plain
 * ReplyException with the same code and text, without the element.
 */
public final class CstaFailure extends ReplyException {
  private final String element;

  public CstaFailure(String text, String element) {
    super(ReplyFailure.RECIPIENT_FAILURE, 400, text);
    this.element = element;
  }

  public String element() {
    return element;
  }

  /** Fails {@code m} with {@code cause}: a CSTA error as a {@link CstaFailure}, anything else by its status. */
  static void fail(Message<?> m, Throwable cause) {
    if (cause instanceof MxException e && e.cstaElement() != null) m.reply(new CstaFailure(e.getMessage(), e.cstaElement()));
    else m.fail(MxException.statusOf(cause), cause.getMessage());
  }
}
