package dev.pyrometer.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both ways of reading a live process give the same bytes, and fail the same way. */
class LiveProcessMemoryTest {
  @TempDir Path dir;

  @Test
  void processVmReadvAndProcMemReadTheSameBytes() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir);
        LiveProcessMemory vm = new LiveProcessMemory(target.pid());
        LiveProcessMemory mem = LiveProcessMemory.overProcMem(target.pid())) {
      MemoryMap maps = MemoryMap.of(target.pid());
      Mapping data = maps.mappings().stream()
          .filter(m -> m.readable() && m.filePath().contains("libpython") && m.writable()).findFirst().orElseThrow();
      int length = (int) Math.min(data.size(), 100_000); // more than one 64 KiB chunk
      byte[] viaSyscall = vm.read(data.start(), length);
      byte[] viaFile = mem.read(data.start(), length);
      assertThat(viaFile).isEqualTo(viaSyscall);
      assertThat(viaSyscall).isNotEqualTo(new byte[length]);
    }
  }

  @Test
  void aScatterReadGivesEachRangesBytesAndSkipsOnlyTheUnreadableOnes() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir);
        LiveProcessMemory vm = new LiveProcessMemory(target.pid());
        LiveProcessMemory mem = LiveProcessMemory.overProcMem(target.pid())) {
      Mapping data = MemoryMap.of(target.pid()).mappings().stream()
          .filter(m -> m.readable() && m.filePath().contains("libpython") && m.writable()).findFirst().orElseThrow();
      long[] addresses = {data.start() + 64, 0x10, data.start() + 8, data.start() + 4000, 0x20, data.start() + 100};
      int[] lengths = {24, 8, 3000, 200, 8, 8};
      for (ProcessMemory memory : new ProcessMemory[] {vm, mem}) {
        ScatterRead batch = new ScatterRead();
        for (int i = 0; i < addresses.length; i++) {
          batch.add(addresses[i], lengths[i]);
        }
        memory.readAll(batch);
        for (int i = 0; i < addresses.length; i++) {
          boolean unmapped = addresses[i] < 4096;
          assertThat(batch.complete(i)).as("range %d", i).isEqualTo(!unmapped);
          if (!unmapped) {
            byte[] got = java.util.Arrays.copyOfRange(batch.data(), batch.offset(i), batch.offset(i) + lengths[i]);
            assertThat(got).as("range %d", i).isEqualTo(vm.read(addresses[i], lengths[i]));
          }
        }
      }
    }
  }

  @Test
  void pagesAfterManyUnreadableOnesAreStillRead() throws Exception {
    // A scatter read gives up after a few unreadable ranges; the pages it left must still be read
    // (alone), else a read-ahead of stale addresses would blank real pages for a whole census.
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir);
        LiveProcessMemory vm = new LiveProcessMemory(target.pid())) {
      Mapping data = MemoryMap.of(target.pid()).mappings().stream()
          .filter(m -> m.readable() && m.filePath().contains("libpython") && m.writable() && m.size() >= 4 * 4096)
          .findFirst().orElseThrow();
      int unreadable = 20;
      long[] starts = new long[unreadable + 4];
      for (int i = 0; i < unreadable; i++) {
        starts[i] = 4096L * (i + 1); // below mmap_min_addr: never mapped
      }
      for (int i = 0; i < 4; i++) {
        starts[unreadable + i] = data.start() + 4096L * i;
      }
      byte[][] pages = new byte[starts.length][];
      // stopped: libpython's data pages hold the runtime's live state (eval breaker, GC counts),
      // which a running target changes between the two reads compared
      signal(target, "-STOP");
      try {
        vm.readPages(starts, starts.length, pages, new ScatterRead());
        for (int i = 0; i < unreadable; i++) {
          assertThat(pages[i]).as("unmapped page %d", i).isNull();
        }
        for (int i = unreadable; i < starts.length; i++) {
          assertThat(pages[i]).as("mapped page %d", i).isEqualTo(vm.read(starts[i], 4096));
        }
      } finally {
        signal(target, "-CONT");
      }
    }
  }

  private static void signal(PythonTarget target, String signal) throws Exception {
    assertThat(new ProcessBuilder("kill", signal, Integer.toString(target.pid())).start().waitFor()).isZero();
  }

  @Test
  void unmappedAddressesAndExitedProcessesAreReportedNotCrashedOn() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    PythonTarget target = PythonTarget.start(python, "known_stack.py", dir);
    try (LiveProcessMemory vm = new LiveProcessMemory(target.pid());
        LiveProcessMemory mem = LiveProcessMemory.overProcMem(target.pid())) {
      for (ProcessMemory memory : new ProcessMemory[] {vm, mem}) {
        assertThatThrownBy(() -> memory.read(8, 8)).isInstanceOf(MemoryReadException.class);
        assertThatThrownBy(() -> memory.read(0x10, 8)).isInstanceOf(MemoryReadException.class);
      }
      target.close();
      assertThatThrownBy(() -> vm.read(0x400000, 8)).isInstanceOf(TargetGoneException.class);
      assertThatThrownBy(() -> mem.read(0x400000, 8)).isInstanceOf(MemoryReadException.class);
    }
  }
}
