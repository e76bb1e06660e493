package org.portier.inbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inbox page the apps show in a WebView (inbox/inbox): a whole HTML document, newest first,
 * grouped by day in Russian, unread messages marked. Titles and bodies come from operators'
 * systems and are escaped; only http(s) links (also escaped) and line breaks become markup.
 */
final class InboxPage {
  private static final String[] MONTHS = {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
      "октября", "ноября", "декабря"};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  /** A link in escaped text: ends at white space or at an escaped quote or angle bracket. */
  private static final Pattern LINK = Pattern.compile("https?://(?:(?!&quot;|&#39;|&lt;|&gt;)\\S)+");
  private static final String STYLE = "body{font-family:-apple-system,Roboto,sans-serif;margin:0;padding:8px 12px;color:#222;background:#fff}"
      + "h2{font-size:14px;color:#888;font-weight:normal;margin:16px 0 6px}"
      + ".msg{border-radius:10px;background:#f2f3f5;padding:10px 12px;margin:0 0 8px}"
      + ".msg.unread{background:#e3f0ff}.title{font-weight:bold;margin-bottom:4px}.body{white-space:normal;word-wrap:break-word}"
      + ".time{font-size:12px;color:#888;text-align:right;margin-top:4px}.empty{color:#888;text-align:center;margin-top:40px}"
      + "a{color:#1a73e8}";

  private InboxPage() {}

  static String render(List<InboxStore.Line> lines, ZoneId zone, long now) {
    StringBuilder h = new StringBuilder(1024 + lines.size() * 256);
    h.append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Сообщения</title><style>").append(STYLE).append("</style></head><body>");
    if (lines.isEmpty()) h.append("<p class=\"empty\">Сообщений пока нет</p>");
    LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
    LocalDate day = null;
    for (InboxStore.Line l : lines) {
      ZonedDateTime at = Instant.ofEpochMilli(l.createdAt()).atZone(zone);
      if (!at.toLocalDate().equals(day)) {
        day = at.toLocalDate();
        h.append("<h2>").append(dayTitle(day, today)).append("</h2>");
      }
      h.append("<div class=\"msg").append(l.unread() ? " unread" : "").append("\" id=\"m").append(l.id()).append("\">")
          .append("<div class=\"title\">").append(escape(l.title())).append("</div>")
          .append("<div class=\"body\">").append(text(l.body())).append("</div>")
          .append("<div class=\"time\">").append(TIME.format(at)).append("</div></div>");
    }
    return h.append("</body></html>").toString();
  }

  static String dayTitle(LocalDate day, LocalDate today) {
    if (day.equals(today)) return "Сегодня";
    if (day.equals(today.minusDays(1))) return "Вчера";
    String s = day.getDayOfMonth() + " " + MONTHS[day.getMonthValue() - 1];
    return day.getYear() == today.getYear() ? s : s + " " + day.getYear();
  }

  /** A body: escaped, links made clickable, line breaks kept. */
  static String text(String body) {
    String escaped = escape(body);
    Matcher m = LINK.matcher(escaped);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      // Escaped text contains no quotes or angle brackets, so the link cannot leave its attribute.
      m.appendReplacement(out, Matcher.quoteReplacement("<a href=\"" + m.group() + "\">" + m.group() + "</a>"));
    }
    m.appendTail(out);
    return out.toString().replace("\n", "<br>");
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
