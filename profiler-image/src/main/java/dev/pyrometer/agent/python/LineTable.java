package dev.pyrometer.agent.python;

import java.util.Arrays;

/**
 * A code object's line table, decoded once into sorted address ranges so that each sample costs a
 * binary search. Addresses are in the unit of the version's table: bytes up to 3.10, code units
 * (2 bytes) from 3.11. Three formats: {@code co_lnotab} (3.8, 3.9), the 3.10 {@code co_linetable}
 * pairs, and the 3.11+ location table of varints.
 */
public final class LineTable {
  /** Caps on what a remote table may make us do, whatever its bytes say. */
  static final int MAX_ENTRIES = 65_536;
  private static final int NO_LINE = -1;

  private final int firstLine;
  private final int[] starts;
  private final int[] lines;
  private final int count;

  private LineTable(int firstLine, int[] starts, int[] lines, int count) {
    this.firstLine = firstLine;
    this.starts = starts;
    this.lines = lines;
    this.count = count;
  }

  /** The line at {@code address}; the function's first line before the first instruction. */
  public int lineAt(int address) {
    if (address < 0 || count == 0) {
      return firstLine;
    }
    int i = Arrays.binarySearch(starts, 0, count, address);
    if (i < 0) {
      i = -i - 2;
    }
    if (i < 0) {
      return firstLine;
    }
    // a range without a line (artificial instructions) shows the line before it
    for (int j = i; j >= 0; j--) {
      if (lines[j] != NO_LINE) {
        return lines[j];
      }
    }
    return firstLine;
  }

  public int firstLine() {
    return firstLine;
  }

  /** CPython 3.8/3.9 {@code co_lnotab}: (address increment, signed line increment) byte pairs. */
  public static LineTable fromLnotab(byte[] table, int firstLine) {
    Builder b = new Builder(firstLine);
    int address = 0;
    int line = firstLine;
    b.add(0, line);
    for (int i = 0; i + 1 < table.length && b.count < MAX_ENTRIES; i += 2) {
      address += table[i] & 0xff;
      line += table[i + 1]; // signed since 3.6
      b.add(address, line);
    }
    return b.build();
  }

  /**
   * CPython 3.10 {@code co_linetable}: (byte-length, signed line delta) pairs, a delta of -128
   * meaning "no line" without changing the running line.
   */
  public static LineTable fromLinetable310(byte[] table, int firstLine) {
    Builder b = new Builder(firstLine);
    int start = 0;
    int line = firstLine;
    for (int i = 0; i + 1 < table.length && b.count < MAX_ENTRIES; i += 2) {
      int length = table[i] & 0xff;
      int delta = table[i + 1];
      boolean noLine = delta == -128;
      if (!noLine) {
        line += delta;
      }
      if (length > 0) {
        b.add(start, noLine ? NO_LINE : line);
      }
      start += length;
    }
    return b.build();
  }

  /** CPython 3.11+ location table: one entry per run of code units, varint-encoded deltas. */
  public static LineTable fromLocationTable(byte[] table, int firstLine) {
    Builder b = new Builder(firstLine);
    int[] pos = {0};
    int address = 0;
    int line = firstLine;
    while (pos[0] < table.length && b.count < MAX_ENTRIES) {
      int first = table[pos[0]++] & 0xff;
      if ((first & 0x80) == 0) {
        break; // not an entry start: corrupt or torn table, stop here
      }
      int code = (first >> 3) & 15;
      int length = (first & 7) + 1;
      int entryLine;
      switch (code) {
        case 15 -> entryLine = NO_LINE;
        case 14 -> {
          line += signedVarint(table, pos);
          varint(table, pos); // end line delta
          varint(table, pos); // column + 1
          varint(table, pos); // end column + 1
          entryLine = line;
        }
        case 13 -> {
          line += signedVarint(table, pos);
          entryLine = line;
        }
        case 10, 11, 12 -> {
          line += code - 10;
          pos[0] += 2; // start and end columns
          entryLine = line;
        }
        default -> {
          pos[0] += 1; // short form: column bits
          entryLine = line;
        }
      }
      b.add(address, entryLine);
      address += length;
    }
    return b.build();
  }

  private static int varint(byte[] table, int[] pos) {
    int value = 0;
    int shift = 0;
    while (pos[0] < table.length && shift <= 28) {
      int b = table[pos[0]++] & 0xff;
      value |= (b & 63) << shift;
      if ((b & 64) == 0) {
        break;
      }
      shift += 6;
    }
    return value;
  }

  private static int signedVarint(byte[] table, int[] pos) {
    int u = varint(table, pos);
    return (u & 1) != 0 ? -(u >>> 1) : (u >>> 1);
  }

  private static final class Builder {
    private final int firstLine;
    private int[] starts = new int[16];
    private int[] lines = new int[16];
    private int count;

    Builder(int firstLine) {
      this.firstLine = firstLine;
    }

    void add(int start, int line) {
      if (count > 0 && starts[count - 1] == start) {
        lines[count - 1] = line; // zero-length step: the later line wins
        return;
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        lines = Arrays.copyOf(lines, count * 2);
      }
      starts[count] = start;
      lines[count] = line;
      count++;
    }

    LineTable build() {
      return new LineTable(firstLine, starts, lines, count);
    }
  }
}
