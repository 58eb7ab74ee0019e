package dev.pyrometer.agent.memory;

import java.nio.charset.StandardCharsets;

/** NUL-terminated C strings (type names, member names) read from another process. */
public final class CStrings {
  private CStrings() {}

  /** A NUL-terminated C string of at most {@code max} bytes, or null when unreadable. */
  public static String read(ProcessMemory memory, long address, int max) {
    byte[] buffer = new byte[max];
    int got = 0;
    // read in small steps: a string near the end of a mapping must not fail as a whole
    for (int step = 32; got < max; ) {
      int n = Math.min(step, max - got);
      try {
        memory.read(address + got, buffer, got, n);
      } catch (MemoryReadException e) {
        break;
      }
      for (int i = got; i < got + n; i++) {
        if (buffer[i] == 0) {
          return new String(buffer, 0, i, StandardCharsets.UTF_8);
        }
      }
      got += n;
    }
    return got == max ? new String(buffer, 0, max, StandardCharsets.UTF_8) : null;
  }
}
