package dev.pyrometer.agent.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A process's mappings, sorted by address, with range lookup. */
public final class MemoryMap {
  private final List<Mapping> mappings;

  public MemoryMap(List<Mapping> mappings) {
    List<Mapping> sorted = new ArrayList<>(mappings);
    sorted.sort(Comparator.comparingLong(Mapping::start));
    this.mappings = List.copyOf(sorted);
  }

  public static MemoryMap of(int pid) throws IOException {
    return parse(Files.readAllLines(Path.of("/proc", Integer.toString(pid), "maps")));
  }

  public static MemoryMap parse(List<String> lines) {
    List<Mapping> out = new ArrayList<>();
    for (String line : lines) {
      Mapping m = parseLine(line);
      if (m != null) {
        out.add(m);
      }
    }
    return new MemoryMap(out);
  }

  /** {@code 7f..-7f.. r-xp 00001000 fd:01 123 /usr/lib/libpython3.12.so.1.0}. */
  static Mapping parseLine(String line) {
    String[] f = line.trim().split("\\s+", 6);
    if (f.length < 5) {
      return null;
    }
    int dash = f[0].indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
      long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
      long offset = Long.parseUnsignedLong(f[2], 16);
      long inode = Long.parseLong(f[4]);
      return new Mapping(start, end, f[1], offset, inode, f.length > 5 ? f[5] : "");
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public List<Mapping> mappings() {
    return mappings;
  }

  /** The mapping that contains the address, or null. */
  public Mapping find(long address) {
    int lo = 0;
    int hi = mappings.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Mapping m = mappings.get(mid);
      if (address < m.start()) {
        hi = mid - 1;
      } else if (address >= m.end()) {
        lo = mid + 1;
      } else {
        return m;
      }
    }
    return null;
  }

  /** True when {@code [address, address+length)} lies in one readable mapping. */
  public boolean isReadable(long address, long length) {
    Mapping m = find(address);
    return m != null && m.readable() && address + length <= m.end();
  }

  public List<Mapping> ofFile(String path) {
    return mappings.stream().filter(m -> m.filePath().equals(path)).toList();
  }
}
