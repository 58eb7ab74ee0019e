package dev.pyrometer.agent.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes HTML with every piece of text escaped: report sections build their markup through it, so
 * a function name like {@code <lambda>} or a source line with quotes can never break the page.
 */
public final class Html {
  private final Writer out;

  public Html(Writer out) {
    this.out = out;
  }

  /** Writes markup as it is: only for constant strings of the page itself. */
  public Html raw(String markup) {
    try {
      out.write(markup);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes text, escaped for element content and attribute values alike. */
  public Html text(String text) {
    return raw(escape(text == null ? "" : text));
  }

  /** {@code <tag class="cls">text</tag>}. */
  public Html element(String tag, String cssClass, String text) {
    open(tag, cssClass);
    text(text);
    return close(tag);
  }

  public Html open(String tag, String cssClass) {
    raw("<").raw(tag);
    if (cssClass != null && !cssClass.isEmpty()) {
      raw(" class=\"").text(cssClass).raw("\"");
    }
    return raw(">");
  }

  public Html close(String tag) {
    return raw("</").raw(tag).raw(">");
  }

  /** A horizontal bar whose filled part is the share (0..1), with the percentage as text. */
  public Html shareBar(double share) {
    double pct = Math.max(0, Math.min(100, share * 100));
    raw("<span class=\"share\"><span class=\"bar\"><span style=\"width:")
        .raw(String.format(java.util.Locale.ROOT, "%.2f", pct)).raw("%\"></span></span>");
    return element("span", "pct", percent(share)).raw("</span>");
  }

  /** A share (0..1) as a percentage: whole numbers from 10 %, one decimal below, "<0.1%" for a trace. */
  public static String percent(double share) {
    double pct = share * 100;
    if (pct > 0 && pct < 0.1) {
      return "<0.1%";
    }
    return pct >= 10 || pct == Math.rint(pct)
        ? String.format(java.util.Locale.ROOT, "%.0f%%", pct)
        : String.format(java.util.Locale.ROOT, "%.1f%%", pct);
  }

  /** A {@code file:line} a reader can copy into an editor, with a copy button. */
  public Html copyable(String fileLine) {
    if (fileLine == null) {
      return this;
    }
    raw("<span class=\"copyable\"><code class=\"file-line\">").text(fileLine).raw("</code>");
    return raw("<button type=\"button\" class=\"copy\" data-copy=\"").text(fileLine).raw("\" title=\"Copy to clipboard\">copy</button></span>");
  }

  /**
   * A writer that escapes everything written to it into this page, for large text streamed into an
   * attribute (the flame graph page embedded as an iframe's srcdoc) without holding it in memory.
   */
  public Writer escaping() {
    return new Writer() {
      @Override
      public void write(char[] chars, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
          String replacement = replacement(chars[i]);
          if (replacement != null) {
            out.write(chars, start, i - start);
            out.write(replacement);
            start = i + 1;
          }
        }
        out.write(chars, start, end - start);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() {
        // the page's writer stays open: the page goes on after this part
      }
    };
  }

  private static String replacement(char c) {
    return switch (c) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#39;";
      default -> null;
    };
  }

  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
