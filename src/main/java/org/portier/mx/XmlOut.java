package org.portier.mx;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes XML the way Go's encoding/xml does, which is what MX has always received: attributes in
 * the order given, empty elements as {@code <a></a>} (never self-closed), and text escaped like
 * Go's EscapeText (so a newline becomes {@code &#xA;}, quotes {@code &#34;} and {@code &#39;}).
 */
public final class XmlOut {
  private final StringBuilder out = new StringBuilder();
  private final Deque<String> open = new ArrayDeque<>();
  private boolean tagOpen;

  private XmlOut() {}

  public static XmlOut root(String name) {
    return new XmlOut().start(name);
  }

  public XmlOut start(String name) {
    closeTag();
    out.append('<').append(name);
    open.push(name);
    tagOpen = true;
    return this;
  }

  /** An attribute of the element just started; a null value is left out. */
  public XmlOut attr(String name, String value) {
    if (!tagOpen) throw new IllegalStateException("attribute after content");
    if (value != null) out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    return this;
  }

  public XmlOut text(String value) {
    closeTag();
    out.append(escape(value));
    return this;
  }

  /** {@code <name>text</name>}; a null text is left out entirely. */
  public XmlOut leaf(String name, String text) {
    if (text == null) return this;
    return start(name).text(text).end();
  }

  public XmlOut end() {
    closeTag();
    out.append("</").append(open.pop()).append('>');
    return this;
  }

  /** Closes every element still open and returns the document. */
  public String build() {
    while (!open.isEmpty()) end();
    return out.toString();
  }

  private void closeTag() {
    if (tagOpen) {
      out.append('>');
      tagOpen = false;
    }
  }

  /** Go's xml.EscapeText. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("&#34;");
        case '\'' -> b.append("&#39;");
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '\t' -> b.append("&#x9;");
        case '\n' -> b.append("&#xA;");
        case '\r' -> b.append("&#xD;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
