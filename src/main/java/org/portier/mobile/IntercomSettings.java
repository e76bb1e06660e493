package org.portier.mobile;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Set;
import org.portier.http.BadInput;
import org.portier.http.Input;

/**
 * The settings object of address/intercom, validated in full before anything is written. Only
 * CMS, VoIP, autoOpen and whiteRabbit are stored; the other settings the apps send (disablePlog,
 * hiddenPlog, enableDoorCode, paperBill, FRSDisabled, paranoid, LPRSDisabled) are accepted and
 * ignored, as the reference server does. Null fields are "leave as is".
 */
record IntercomSettings(Boolean cms, Boolean voip, Long autoOpen, Integer whiteRabbit) {
  /** Minutes a door stays "white rabbit" open after a call; any other number means off. */
  private static final Set<Integer> WHITE_RABBIT = Set.of(0, 1, 2, 3, 5, 7, 10);

  static IntercomSettings parse(Input request, ZoneId zone) {
    if (!request.has("settings")) return new IntercomSettings(null, null, null, null);
    if (!(request.json().getValue("settings") instanceof JsonObject json)) throw BadInput.unprocessable("settings must be an object");
    Input in = Input.of(json);
    Boolean cms = in.optFlag("CMS");
    Boolean voip = in.optFlag("VoIP");
    Long autoOpen = null;
    String text = in.optString("autoOpen", 0, 32);
    if (text != null) {
      autoOpen = MobileTime.parse(text, zone);
      if (autoOpen == null) throw BadInput.unprocessable("autoOpen must be a date and time like \"2026-11-22 18:30:00\"");
    }
    return new IntercomSettings(cms, voip, autoOpen, whiteRabbit(in));
  }

  /** Android sends an int, iOS a string such as "5"; a number outside the allowed set is 0 (off). */
  private static Integer whiteRabbit(Input in) {
    if (!in.has("whiteRabbit")) return null;
    Object v = in.json().getValue("whiteRabbit");
    // exact: 2^64 + 5 is outside the set (0), never 5; fractions and exponents are refused
    java.math.BigInteger n = Input.wholeNumber(v);
    if (n == null) throw BadInput.unprocessable("whiteRabbit must be a number of minutes: 0, 1, 2, 3, 5, 7 or 10");
    return n.bitLength() < 32 && WHITE_RABBIT.contains(n.intValue()) ? n.intValue() : 0;
  }

  boolean changesFlat() {
    return cms != null || autoOpen != null || whiteRabbit != null;
  }
}
