package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code str} and {@code bytes} objects from remote memory, refusing what no valid object
 * looks like (bad kind, negative or huge length) rather than returning garbage.
 */
public final class RemoteObjects {
  /** Names and file names longer than this are cut (py-spy and Tachyon cap them too). */
  public static final int MAX_STRING = 4096;
  /** Line tables longer than this are not read: huge generated functions get line 0. */
  public static final int MAX_BYTES = 64 * 1024;

  private final ProcessMemory memory;
  private final PythonLayout layout;
  private final byte[] header;

  public RemoteObjects(ProcessMemory memory, PythonLayout layout) {
    this.memory = memory;
    this.layout = layout;
    this.header = new byte[(int) Math.max(layout.compactUnicodeObjectSize, layout.unicodeDataPointer + 8)];
  }

  /** Reads a {@code str} object. */
  public String readString(long address) throws MemoryReadException {
    if (!PythonPointers.plausible(address)) {
      throw new MemoryReadException("bad str pointer 0x" + Long.toHexString(address), address);
    }
    memory.read(address, header, 0, header.length);
    long length = Bytes.getLong(header, (int) layout.unicodeLength);
    int state = Bytes.getInt(header, (int) layout.unicodeState);
    int kind = (state >>> 2) & 7;
    boolean compact = ((state >>> 5) & 1) != 0;
    boolean ascii = ((state >>> 6) & 1) != 0;
    if (length < 0 || length > 1 << 24 || (kind != 1 && kind != 2 && kind != 4) || (ascii && kind != 1)) {
      throw new MemoryReadException("not a str at 0x" + Long.toHexString(address), address);
    }
    int chars = (int) Math.min(length, MAX_STRING);
    long data;
    if (compact) {
      data = address + (ascii ? layout.asciiObjectSize : layout.compactUnicodeObjectSize);
    } else {
      data = Bytes.getLong(header, (int) layout.unicodeDataPointer);
      if (!PythonPointers.plausible(data)) {
        throw new MemoryReadException("bad str data pointer", address);
      }
    }
    if (chars == 0) {
      return "";
    }
    byte[] raw = memory.read(data, chars * kind);
    return switch (kind) {
      case 1 -> new String(raw, ascii ? StandardCharsets.US_ASCII : StandardCharsets.ISO_8859_1);
      case 2 -> new String(raw, StandardCharsets.UTF_16LE);
      default -> decodeUcs4(raw);
    };
  }

  private static String decodeUcs4(byte[] raw) {
    StringBuilder out = new StringBuilder(raw.length / 4);
    for (int i = 0; i + 4 <= raw.length; i += 4) {
      int cp = Bytes.getInt(raw, i);
      if (Character.isValidCodePoint(cp)) {
        out.appendCodePoint(cp);
      } else {
        out.append('\uFFFD');
      }
    }
    return out.toString();
  }

  /** Reads a {@code bytes} object's content, or an empty array when it is over {@link #MAX_BYTES}. */
  public byte[] readBytes(long address) throws MemoryReadException {
    if (!PythonPointers.plausible(address)) {
      throw new MemoryReadException("bad bytes pointer 0x" + Long.toHexString(address), address);
    }
    long size = memory.readLong(address + layout.bytesSize);
    if (size < 0 || size > 1 << 28) {
      throw new MemoryReadException("not a bytes object at 0x" + Long.toHexString(address), address);
    }
    if (size > MAX_BYTES) {
      return new byte[0];
    }
    return size == 0 ? new byte[0] : memory.read(address + layout.bytesData, (int) size);
  }

  /** The {@code tp_name} of an object's type, e.g. {@code code}. */
  public String typeName(long object) throws MemoryReadException {
    long type = memory.readLong(object + layout.obType);
    if (!PythonPointers.plausible(type)) {
      throw new MemoryReadException("bad type pointer", object);
    }
    long name = memory.readLong(type + layout.typeName);
    if (!PythonPointers.plausibleCString(name)) {
      throw new MemoryReadException("bad tp_name pointer", type);
    }
    byte[] raw = memory.read(name, 16);
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.US_ASCII);
  }
}
