package dev.pyrometer.agent.python.objects;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code str} objects of the snapshot into Java strings (for names and labels), and
 * measures them the way {@code str.__sizeof__} does.
 */
public final class PyStrings {
  private final MemoryImage snapshot;
  private final ObjectOffsets o;
  private final int kindShift;
  private final int compactShift;
  private final int asciiShift;

  public PyStrings(MemoryImage snapshot, ObjectOffsets offsets) {
    this.snapshot = snapshot;
    this.o = offsets;
    this.kindShift = offsets.strKindShift < 0 ? 2 : offsets.strKindShift;
    this.compactShift = offsets.strCompactShift < 0 ? 5 : offsets.strCompactShift;
    this.asciiShift = offsets.strAsciiShift < 0 ? 6 : offsets.strAsciiShift;
  }

  private int state(long str) {
    return snapshot.u32(str + o.strState);
  }

  private int kind(int state) {
    return (state >>> kindShift) & 7;
  }

  private boolean compact(int state) {
    return ((state >>> compactShift) & 1) != 0;
  }

  private boolean ascii(int state) {
    return ((state >>> asciiShift) & 1) != 0;
  }

  /** Address of the characters, or 0 for a legacy string without data. */
  private long data(long str, int state) {
    if (compact(state)) {
      return str + (ascii(state) ? o.strAsciiSize : o.strCompactSize);
    }
    return snapshot.u64(str + o.strLegacyData);
  }

  /** The text, cut to {@code max} characters; null when the object does not look like a str. */
  public String text(long str, int max) {
    int state = state(str);
    int kind = kind(state);
    long length = snapshot.u64(str + o.strLength);
    if (length < 0 || length > Integer.MAX_VALUE || (kind != 1 && kind != 2 && kind != 4)) {
      return null;
    }
    int chars = (int) Math.min(length, max);
    long data = data(str, state);
    if (chars == 0) {
      return "";
    }
    byte[] raw = new byte[chars * kind];
    if (data == 0 || !snapshot.read(data, raw, 0, raw.length)) {
      return null;
    }
    return switch (kind) {
      case 1 -> new String(raw, ascii(state) ? StandardCharsets.US_ASCII : StandardCharsets.ISO_8859_1);
      case 2 -> new String(raw, StandardCharsets.UTF_16LE);
      default -> ucs4(raw);
    };
  }

  private static String ucs4(byte[] raw) {
    StringBuilder out = new StringBuilder(raw.length / 4);
    for (int i = 0; i + 4 <= raw.length; i += 4) {
      int cp = (raw[i] & 0xff) | (raw[i + 1] & 0xff) << 8 | (raw[i + 2] & 0xff) << 16 | (raw[i + 3] & 0xff) << 24;
      out.appendCodePoint(Character.isValidCodePoint(cp) ? cp : 0xFFFD);
    }
    return out.toString();
  }

  /** True when the str's text equals {@code expected} (ASCII), without building a Java string. */
  public boolean equalsAscii(long str, String expected) {
    int state = state(str);
    if (!compact(state) || !ascii(state) || snapshot.u64(str + o.strLength) != expected.length()) {
      return false;
    }
    long data = str + o.strAsciiSize;
    for (int i = 0; i < expected.length(); i++) {
      if (snapshot.u8(data + i) != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code str.__sizeof__}: header, characters, and the separate UTF-8 and wchar_t caches. */
  public long sizeOf(long str) {
    int state = state(str);
    int kind = kind(state);
    long length = Math.max(0, snapshot.u64(str + o.strLength));
    boolean compactAscii = compact(state) && ascii(state);
    long size;
    long data;
    if (compactAscii) {
      size = o.strAsciiSize + length + 1;
      data = str + o.strAsciiSize;
    } else if (compact(state)) {
      size = o.strCompactSize + (length + 1) * kind;
      data = str + o.strCompactSize;
    } else {
      data = snapshot.u64(str + o.strLegacyData);
      size = o.strUnicodeObjectSize + (data != 0 ? (length + 1) * kind : 0);
    }
    if (!compactAscii) {
      long utf8 = snapshot.u64(str + o.strUtf8);
      if (utf8 != 0 && utf8 != data) {
        size += snapshot.u64(str + o.strUtf8Length) + 1;
      }
    }
    if (o.strWstr >= 0) {
      long wstr = snapshot.u64(str + o.strWstr);
      if (wstr != 0 && wstr != data) {
        long wlength = compactAscii ? length : snapshot.u64(str + o.strWstrLength);
        size += (wlength + 1) * 4;
      }
    }
    return size;
  }
}
