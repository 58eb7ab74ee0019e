package dev.pyrometer.agent.attach;

import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ELF file mapped into the target, with its load bias: runtime address = link-time address +
 * bias.
 *
 * @param path the path as the target sees it
 * @param elf the file, opened through the target's root
 * @param bias what the loader added to every link-time address
 */
public record LoadedModule(String path, ElfFile elf, long bias) {

  /**
   * Works out the bias from every mapping of the file and takes the value most of them agree on:
   * a lone page that libffi re-maps for its trampolines (benfred/py-spy#865) disagrees and loses.
   */
  public static long computeBias(ElfFile elf, List<Mapping> mappings) {
    Map<Long, Integer> votes = new HashMap<>();
    long firstChoice = Long.MIN_VALUE;
    for (Mapping m : mappings) {
      for (ElfFile.ProgramHeader ph : elf.programHeaders()) {
        if (ph.type() != ElfFile.PT_LOAD) {
          continue;
        }
        long segmentStart = ph.offset() & ~0xfffL;
        if (m.fileOffset() >= segmentStart && m.fileOffset() < ph.offset() + Math.max(ph.fileSize(), 1)) {
          long bias = m.start() - m.fileOffset() - ph.vaddr() + ph.offset();
          votes.merge(bias, m.fileOffset() == 0 ? 2 : 1, Integer::sum);
          if (firstChoice == Long.MIN_VALUE) {
            firstChoice = bias;
          }
          break;
        }
      }
    }
    return votes.entrySet().stream()
        .max(Map.Entry.<Long, Integer>comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(firstChoice == Long.MIN_VALUE ? 0 : firstChoice);
  }

  /** True when the runtime address falls in a mapping of this file (a sanity check of the bias). */
  public boolean mapsAddress(MemoryMap maps, long address) {
    Mapping m = maps.find(address);
    if (m == null) {
      return false;
    }
    if (m.filePath().equals(path)) {
      return true;
    }
    // .bss past the file's end is anonymous memory right after the file's last mapping
    Mapping before = null;
    for (Mapping candidate : maps.mappings()) {
      if (candidate.start() >= m.start()) {
        break;
      }
      before = candidate;
    }
    return m.inode() == 0 && before != null && before.filePath().equals(path) && before.end() == m.start();
  }
}
