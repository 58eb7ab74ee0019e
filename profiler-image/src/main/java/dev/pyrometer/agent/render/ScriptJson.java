package dev.pyrometer.agent.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.Writer;

/**
 * JSON that is safe inside an HTML {@code <script>} element: {@code <}, {@code >} and {@code &}
 * are written as {@code \u003c}-style escapes so that no frame name can close the script or open
 * a comment, and U+2028/U+2029 are escaped for older JavaScript parsers.
 */
final class ScriptJson {
  private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new ScriptEscapes());

  private ScriptJson() {}

  /** A generator on the writer that leaves the writer open when closed. */
  static JsonGenerator generator(Writer out) throws IOException {
    return FACTORY.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  static void writeString(Writer out, String value) throws IOException {
    try (JsonGenerator json = generator(out)) {
      json.writeString(value);
    }
  }

  private static final class ScriptEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    ScriptEscapes() {
      ascii['<'] = ESCAPE_STANDARD;
      ascii['>'] = ESCAPE_STANDARD;
      ascii['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch == 0x2028 ? new SerializedString("\\u2028") : ch == 0x2029 ? new SerializedString("\\u2029") : null;
    }
  }
}
