package dev.pyrometer.agent.core;

import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.proc.Mapping;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The memory of a dumped process: the core file's PT_LOAD segments, and for file-backed pages the
 * core left out (read-only code and data, which gcore does not copy) the mapped files themselves.
 */
final class CoreFileMemory implements ProcessMemory {
  private final ElfFile core;
  private final List<ElfFile.ProgramHeader> segments;
  private final List<Mapping> fileMappings;
  private final Function<String, Path> files;
  private final Map<String, ElfFile> openFiles = new HashMap<>();

  CoreFileMemory(ElfFile core, List<Mapping> fileMappings, Function<String, Path> files) {
    this.core = core;
    this.segments = new ArrayList<>(core.programHeaders().stream().filter(p -> p.type() == ElfFile.PT_LOAD).toList());
    this.segments.sort(Comparator.comparingLong(ElfFile.ProgramHeader::vaddr));
    this.fileMappings = fileMappings;
    this.files = files;
  }

  @Override
  public void read(long address, byte[] dst, int offset, int length) throws MemoryReadException {
    int done = 0;
    while (done < length) {
      long at = address + done;
      int n = readSome(at, dst, offset + done, length - done);
      if (n <= 0) {
        throw new MemoryReadException("address 0x" + Long.toHexString(at) + " is not in the core file", at);
      }
      done += n;
    }
  }

  private int readSome(long address, byte[] dst, int offset, int length) {
    for (ElfFile.ProgramHeader s : segments) {
      if (address >= s.vaddr() && address < s.vaddr() + s.memSize()) {
        long inSegment = address - s.vaddr();
        if (inSegment < s.fileSize()) {
          int n = (int) Math.min(length, s.fileSize() - inSegment);
          try {
            return core.readAt(s.offset() + inSegment, dst, offset, n);
          } catch (IOException e) {
            return 0;
          }
        }
        break; // in memory but not dumped: maybe the mapped file has it
      }
    }
    for (Mapping m : fileMappings) {
      if (m.contains(address)) {
        int n = (int) Math.min(length, m.end() - address);
        try {
          ElfFile file = openFiles.computeIfAbsent(m.filePath(), this::openQuietly);
          return file == null ? 0 : file.readAt(m.fileOffset() + (address - m.start()), dst, offset, n);
        } catch (IOException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private ElfFile openQuietly(String path) {
    try {
      return ElfFile.open(files.apply(path));
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public boolean changesWhileRead() {
    return false;
  }

  @Override
  public String describe() {
    return "core file " + core.path();
  }

  @Override
  public void close() {
    openFiles.values().stream().filter(f -> f != null).forEach(ElfFile::close);
    core.close();
  }
}
