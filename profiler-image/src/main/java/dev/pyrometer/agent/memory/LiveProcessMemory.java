package dev.pyrometer.agent.memory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a live process with {@code process_vm_readv}: no ptrace stop, no writes. Falls back to
 * {@code /proc/PID/mem} where the system call is unavailable (ENOSYS, or blocked by a seccomp
 * profile that still allows the file).
 */
public final class LiveProcessMemory implements ProcessMemory {
  private static final int BUFFER = 64 * 1024;

  private final int pid;
  private final Memory buffer = new Memory(BUFFER);
  private final Memory localIov = new Memory(16);
  private final Memory remoteIov = new Memory(16);
  private FileChannel memFile;
  private boolean useMemFile;
  /** Scatter reads of whole pages: one remote iovec per page, one local buffer. */
  private static final int PAGE = 4096;
  private static final int MAX_IOV = 1024; // IOV_MAX on Linux
  private Memory pageBuffer;
  private Memory pageIovs;

  public LiveProcessMemory(int pid) {
    this.pid = pid;
  }

  /** Reads through {@code /proc/PID/mem} from the start, as after a failed process_vm_readv. */
  static LiveProcessMemory overProcMem(int pid) {
    LiveProcessMemory memory = new LiveProcessMemory(pid);
    if (!memory.switchToMemFile()) {
      throw new IllegalStateException("cannot open /proc/" + pid + "/mem");
    }
    return memory;
  }

  /**
   * Loads the native binding on a background thread: JNA's start-up (unpacking and loading its
   * library) then overlaps with parsing the command line and reading the target's ELF files.
   */
  public static void preload() {
    Thread t = new Thread(() -> {
      try {
        LibC.load();
      } catch (LinkageError e) {
        // JNA cannot load here (e.g. no writable temporary directory): the command meets the same
        // problem where it first reads memory and reports it there; a preload has nothing to add
      }
    }, "jna-preload");
    t.setDaemon(true);
    t.start();
  }

  public int pid() {
    return pid;
  }

  @Override
  public void read(long address, byte[] dst, int offset, int length) throws MemoryReadException {
    if (address == 0) {
      throw new MemoryReadException("null pointer", 0);
    }
    int done = 0;
    while (done < length) {
      int chunk = Math.min(BUFFER, length - done);
      if (useMemFile) {
        readMemFile(address + done, dst, offset + done, chunk);
      } else {
        readVm(address + done, dst, offset + done, chunk);
      }
      done += chunk;
    }
  }

  /**
   * One {@code process_vm_readv} per 1,024 pages. The kernel stops at the first remote iovec it
   * cannot read and returns what it copied before it, so the page at the stop is unreadable and
   * the read goes on after it.
   */
  @Override
  public void readPages(long[] starts, int count, byte[][] out) {
    if (useMemFile) {
      ProcessMemory.super.readPages(starts, count, out);
      return;
    }
    if (pageBuffer == null) {
      pageBuffer = new Memory((long) MAX_IOV * PAGE);
      pageIovs = new Memory(16L * MAX_IOV);
    }
    int done = 0;
    while (done < count) {
      int batch = Math.min(MAX_IOV, count - done);
      for (int i = 0; i < batch; i++) {
        pageIovs.setLong(16L * i, starts[done + i]);
        pageIovs.setLong(16L * i + 8, PAGE);
      }
      localIov.setPointer(0, pageBuffer);
      localIov.setLong(8, (long) batch * PAGE);
      long n;
      try {
        n = LibC.process_vm_readv(pid, localIov, 1, pageIovs, batch, 0);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == LibC.EPERM || e.getErrorCode() == LibC.ENOSYS) {
          for (int i = done; i < count; i++) { // read() switches to /proc/PID/mem if it can
            byte[] page = new byte[PAGE];
            try {
              read(starts[i], page, 0, PAGE);
              out[i] = page;
            } catch (MemoryReadException notReadable) {
              out[i] = null;
            }
          }
          return;
        }
        n = e.getErrorCode() == LibC.ESRCH ? -1 : 0; // gone: nothing more; EFAULT: the first page is unmapped
      }
      if (n < 0) {
        java.util.Arrays.fill(out, done, count, null);
        return;
      }
      int full = (int) (n / PAGE);
      for (int i = 0; i < full; i++) {
        out[done + i] = pageBuffer.getByteArray((long) i * PAGE, PAGE);
      }
      if (full < batch) {
        out[done + full] = null;
        done += full + 1;
      } else {
        done += batch;
      }
    }
  }

  private void readVm(long address, byte[] dst, int offset, int length) throws MemoryReadException {
    localIov.setPointer(0, buffer);
    localIov.setLong(8, length);
    remoteIov.setLong(0, address);
    remoteIov.setLong(8, length);
    long n;
    try {
      n = LibC.process_vm_readv(pid, localIov, 1, remoteIov, 1, 0);
    } catch (LastErrorException e) {
      switch (e.getErrorCode()) {
        case LibC.ESRCH -> throw new TargetGoneException(pid);
        case LibC.EPERM, LibC.ENOSYS -> {
          if (!useMemFile && switchToMemFile()) {
            readMemFile(address, dst, offset, length);
            return;
          }
          throw e.getErrorCode() == LibC.EPERM
              ? new MemoryAccessDeniedException(pid)
              : new MemoryReadException("process_vm_readv is not available", address);
        }
        default -> throw new MemoryReadException(
            "cannot read 0x" + Long.toHexString(address) + " (errno " + e.getErrorCode() + ")", address);
      }
    }
    if (n != length) {
      throw new MemoryReadException("short read at 0x" + Long.toHexString(address), address);
    }
    buffer.read(0, dst, offset, length);
  }

  /** /proc/PID/mem needs the same ptrace access, but survives seccomp filters on the syscall. */
  private boolean switchToMemFile() {
    try {
      memFile = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"), StandardOpenOption.READ);
      useMemFile = true;
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private void readMemFile(long address, byte[] dst, int offset, int length) throws MemoryReadException {
    ByteBuffer target = ByteBuffer.wrap(dst, offset, length);
    try {
      long position = address;
      while (target.hasRemaining()) {
        int n = memFile.read(target, position);
        if (n <= 0) {
          throw new MemoryReadException("short read at 0x" + Long.toHexString(position), position);
        }
        position += n;
      }
    } catch (NoSuchFileException e) {
      throw new TargetGoneException(pid);
    } catch (IOException e) {
      if (!Path.of("/proc", Integer.toString(pid)).toFile().exists()) {
        throw new TargetGoneException(pid);
      }
      throw new MemoryReadException("cannot read 0x" + Long.toHexString(address) + ": " + e.getMessage(), address);
    }
  }

  @Override
  public String describe() {
    return "process " + pid;
  }

  @Override
  public void close() {
    if (memFile != null) {
      try {
        memFile.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
    buffer.close();
    if (pageBuffer != null) {
      pageBuffer.close();
      pageIovs.close();
    }
    localIov.close();
    remoteIov.close();
  }
}
