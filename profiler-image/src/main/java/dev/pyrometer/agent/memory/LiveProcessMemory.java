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
  /** The kernel's limit on iovecs per call (UIO_MAXIOV). */
  private static final int MAX_IOVECS = 1024;
  /** A batch with more unreadable ranges than this is finished range by range by its caller. */
  private static final int MAX_BATCH_FAILURES = 8;

  private final int pid;
  private final Memory buffer = new Memory(BUFFER);
  private final Memory localIov = new Memory(16);
  private final Memory remoteIov = new Memory(16);
  private Memory batchBuffer;
  private Memory batchIovs;
  /** The remote iovecs of a batch, built here and copied to {@link #batchIovs} in one call. */
  private long[] iovs;
  private FileChannel memFile;
  private boolean useMemFile;

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
   * Loads the native binding now (JNA's start-up: unpacking and loading its library), so that a
   * caller can do it on a background thread while the command line is parsed.
   */
  public static void loadNativeBinding() {
    try {
      LibC.load();
    } catch (LinkageError e) {
      // JNA cannot load here (e.g. no writable temporary directory): the command meets the same
      // problem where it first reads memory and reports it there; loading early has nothing to add
    }
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

  /**
   * One {@code process_vm_readv} for the whole batch: one local iovec (a native buffer), one remote
   * iovec per range. The kernel stops at the first range it cannot read and returns the bytes read
   * before it; the ranges after that one are read by the next call.
   */
  @Override
  public void readAll(ScatterRead batch) throws TargetGoneException {
    if (useMemFile) {
      ProcessMemory.super.readAll(batch);
      return;
    }
    if (batchBuffer == null || batchBuffer.size() < batch.size()) {
      if (batchBuffer != null) {
        batchBuffer.close();
      }
      batchBuffer = new Memory(Math.max(BUFFER, Integer.highestOneBit(Math.max(1, batch.size())) * 2L));
      batchIovs = batchIovs != null ? batchIovs : new Memory(16L * MAX_IOVECS);
      iovs = iovs != null ? iovs : new long[2 * MAX_IOVECS];
    }
    int failures = 0;
    int first = 0;
    while (first < batch.count() && failures <= MAX_BATCH_FAILURES) {
      int end = Math.min(batch.count(), first + MAX_IOVECS);
      long bytes = 0;
      for (int i = first; i < end; i++) { // built in Java, copied in one call: a native call per field costs more
        iovs[2 * (i - first)] = batch.address(i);
        iovs[2 * (i - first) + 1] = batch.length(i);
        bytes += batch.length(i);
      }
      batchIovs.write(0, iovs, 0, 2 * (end - first));
      localIov.setLong(0, com.sun.jna.Pointer.nativeValue(batchBuffer) + batch.offset(first)); // no shared view allocated
      localIov.setLong(8, bytes);
      long n;
      try {
        n = LibC.process_vm_readv(pid, localIov, 1, batchIovs, end - first, 0);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == LibC.ESRCH) {
          throw new TargetGoneException(pid);
        }
        if (e.getErrorCode() == LibC.EPERM || e.getErrorCode() == LibC.ENOSYS) {
          ProcessMemory.super.readAll(batch); // reads range by range, switching to /proc/PID/mem
          return;
        }
        n = 0; // EFAULT: the first range is unreadable
      }
      int i = first;
      long covered = 0;
      while (i < end && covered + batch.length(i) <= n) {
        covered += batch.length(i);
        batch.markComplete(i++);
      }
      if (covered > 0) {
        batchBuffer.read(batch.offset(first), batch.data(), batch.offset(first), (int) covered);
      }
      if (i < end) {
        failures++;
        i++; // range i stopped the kernel: skip it
      }
      first = i;
    }
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
    if (batchBuffer != null) {
      batchBuffer.close();
    }
    if (batchIovs != null) {
      batchIovs.close();
    }
    localIov.close();
    remoteIov.close();
  }
}
