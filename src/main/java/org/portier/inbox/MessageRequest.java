package org.portier.inbox;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.portier.http.BadInput;
import org.portier.http.Input;
import org.portier.phone.Phones;

/**
 * A validated POST /messages body: exactly one recipient field (phone, subscriberId, flatId or
 * houseId), title, body, action (the contract's list, §7, default inbox) and ext, which belongs to the
 * action ext only.
 */
record MessageRequest(Target target, String title, String body, String action, String ext) {
  static final int TITLE_MAX = 200;
  static final int BODY_MAX = 5000;
  static final int EXT_MAX = 64;
  static final List<String> ACTIONS = List.of("inbox", "chat", "newAddress", "paySuccess", "payError", "videoReady", "ext");
  private static final List<String> TARGETS = List.of("phone", "subscriberId", "flatId", "houseId");

  /** Who gets the message: one subscriber (by phone or id) or every subscriber of a flat or house. */
  record Target(String kind, String phone, long id) {
    boolean broadcast() {
      return "flat".equals(kind) || "house".equals(kind);
    }
  }

  static MessageRequest parse(JsonObject json) {
    Input in = Input.of(json).only("phone", "subscriberId", "flatId", "houseId", "title", "body", "action", "ext");
    List<String> given = new ArrayList<>();
    // null is absent, as everywhere on this face
    for (String t : TARGETS) if (json.getValue(t) != null) given.add(t);
    if (given.size() != 1) {
      throw BadInput.unprocessable(given.isEmpty() ? "a recipient is required: exactly one of phone, subscriberId, flatId, houseId"
          : "exactly one recipient field is allowed, got " + String.join(", ", given));
    }
    Target target = switch (given.get(0)) {
      case "phone" -> {
        String phone = Phones.normalize(in.string("phone", 1, 32));
        if (phone == null) throw BadInput.unprocessable("phone must be a phone number of 11 digits, e.g. 79001234567");
        yield new Target("subscriber", phone, 0);
      }
      case "subscriberId" -> new Target("subscriber", null, in.integer("subscriberId", 1, Long.MAX_VALUE));
      case "flatId" -> new Target("flat", null, in.integer("flatId", 1, Long.MAX_VALUE));
      default -> new Target("house", null, in.integer("houseId", 1, Long.MAX_VALUE));
    };
    String title = in.string("title", 1, TITLE_MAX);
    String body = multiline(json, "body", BODY_MAX);
    String action = in.oneOf("action", "inbox", ACTIONS.toArray(String[]::new));
    String ext = null;
    if ("ext".equals(action)) {
      if (!in.has("ext")) throw BadInput.unprocessable("ext is required when action is ext");
      ext = in.string("ext", 1, EXT_MAX);
    } else if (json.getValue("ext") != null) {
      throw BadInput.unprocessable("ext is only allowed when action is ext");
    }
    return new MessageRequest(target, title, body, action, ext);
  }

  /** Like Input.string, but a message body may hold line breaks (the inbox page keeps them). */
  private static String multiline(JsonObject json, String field, int max) {
    Object v = json.getValue(field);
    if (v == null) throw BadInput.unprocessable(field + " is required");
    if (!(v instanceof String s)) throw BadInput.unprocessable(field + " must be a string");
    String t = s.strip();
    if (t.isEmpty()) throw BadInput.unprocessable(field + " must not be empty");
    if (t.length() > max) throw BadInput.unprocessable(field + " must have at most " + max + " characters");
    if (t.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')) {
      throw BadInput.unprocessable(field + " must not contain control characters other than line breaks and tabs");
    }
    return t.replace("\r\n", "\n");
  }
}
