package dev.pyrometer.agent.heap.graph;

import dev.pyrometer.agent.attach.LoadedModule;
import dev.pyrometer.agent.attach.TargetFiles;
import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The address ranges of loaded files (executable, libpython, extension modules) including their
 * {@code .bss}: objects there (static types, small ints and strings of 3.12+, None...) are part of
 * the image, not of the heap. The {@code .bss} extent comes from each file's program headers:
 * the anonymous mapping that follows a file may have merged with unrelated heap memory.
 */
public final class ImageRanges {
  private final long[] starts;
  private final long[] ends;

  private ImageRanges(List<long[]> ranges) {
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : ranges) {
      if (!merged.isEmpty() && merged.get(merged.size() - 1)[1] >= r[0]) {
        long[] last = merged.get(merged.size() - 1);
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.add(r.clone());
      }
    }
    starts = merged.stream().mapToLong(r -> r[0]).toArray();
    ends = merged.stream().mapToLong(r -> r[1]).toArray();
  }

  /** The file mappings of {@code maps}, plus each ELF file's loaded segments (so its .bss). */
  public static ImageRanges of(MemoryMap maps, TargetFiles files) {
    List<long[]> ranges = new ArrayList<>();
    Set<String> paths = new LinkedHashSet<>();
    for (Mapping m : maps.mappings()) {
      if (m.isFile()) {
        ranges.add(new long[] {m.start(), m.end()});
        paths.add(m.filePath());
      }
    }
    for (String path : paths) {
      try (ElfFile elf = ElfFile.open(files.resolve(path))) {
        long bias = LoadedModule.computeBias(elf, maps.ofFile(path));
        for (ElfFile.ProgramHeader ph : elf.programHeaders()) {
          if (ph.type() == ElfFile.PT_LOAD && ph.memSize() > ph.fileSize()) {
            ranges.add(new long[] {bias + ph.vaddr(), bias + ph.vaddr() + ph.memSize()});
          }
        }
      } catch (IOException | RuntimeException e) {
        // not an ELF file (a data file, a deleted library): its file mappings are enough
      }
    }
    return new ImageRanges(ranges);
  }

  public boolean contains(long address) {
    return dev.pyrometer.agent.memory.AddressRanges.indexOf(starts, ends, address) >= 0;
  }
}
