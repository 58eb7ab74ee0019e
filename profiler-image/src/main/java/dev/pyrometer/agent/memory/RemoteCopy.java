package dev.pyrometer.agent.memory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies large ranges of a live process straight into native (off-heap) memory: one
 * {@code process_vm_readv} per range, no intermediate Java array. Falls back to
 * {@code /proc/PID/mem} like {@link LiveProcessMemory}. Bytes that cannot be read are left zero
 * and reported, so a range that shrank under us costs its tail, not the whole copy.
 */
public final class RemoteCopy implements AutoCloseable {
  /** Pieces larger than this are split: the kernel pins pages per call. */
  private static final long PIECE = 8L << 20;

  private final int pid;
  private final Memory localIov = new Memory(16);
  private final Memory remoteIov = new Memory(16);
  private FileChannel memFile;
  private boolean useMemFile;

  public RemoteCopy(int pid) {
    this.pid = pid;
  }

  /**
   * Copies {@code length} bytes from remote {@code address} into {@code dst} at {@code offset}.
   *
   * @return how many bytes could not be read (left zero)
   * @throws TargetGoneException when the process has exited
   * @throws MemoryAccessDeniedException when the kernel refuses every way of reading it
   */
  public long copy(long address, Memory dst, long offset, long length) throws MemoryReadException {
    long missing = 0;
    for (long done = 0; done < length; ) {
      long piece = Math.min(PIECE, length - done);
      long got = copyPiece(address + done, dst.share(offset + done, piece), piece);
      if (got < piece) {
        // skip the unreadable page and go on with the next one
        long skip = Math.min(piece - got, 4096 - ((address + done + got) & 4095));
        dst.setMemory(offset + done + got, skip, (byte) 0);
        missing += skip;
        done += got + skip;
      } else {
        done += piece;
      }
    }
    return missing;
  }

  private long copyPiece(long address, Pointer dst, long length) throws MemoryReadException {
    if (useMemFile) {
      return readMemFile(address, dst, length);
    }
    localIov.setPointer(0, dst);
    localIov.setLong(8, length);
    remoteIov.setLong(0, address);
    remoteIov.setLong(8, length);
    try {
      return Math.max(0, LibC.process_vm_readv(pid, localIov, 1, remoteIov, 1, 0));
    } catch (LastErrorException e) {
      switch (e.getErrorCode()) {
        case LibC.ESRCH -> throw new TargetGoneException(pid);
        case LibC.EPERM, LibC.ENOSYS -> {
          if (switchToMemFile()) {
            return readMemFile(address, dst, length);
          }
          throw e.getErrorCode() == LibC.EPERM
              ? new MemoryAccessDeniedException(pid)
              : new MemoryReadException("process_vm_readv is not available", address);
        }
        default -> {
          return 0; // EFAULT: the first page is not mapped (any more)
        }
      }
    }
  }

  private boolean switchToMemFile() {
    try {
      memFile = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"), StandardOpenOption.READ);
      useMemFile = true;
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private long readMemFile(long address, Pointer dst, long length) throws MemoryReadException {
    ByteBuffer target = dst.getByteBuffer(0, length);
    long position = address;
    try {
      while (target.hasRemaining()) {
        int n = memFile.read(target, position);
        if (n <= 0) {
          break;
        }
        position += n;
      }
    } catch (IOException e) {
      if (!Path.of("/proc", Integer.toString(pid)).toFile().exists()) {
        throw new TargetGoneException(pid);
      }
    }
    return position - address;
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
    localIov.close();
    remoteIov.close();
  }
}
