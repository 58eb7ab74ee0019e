package dev.pyrometer.agent.proc;

/**
 * One line of {@code /proc/PID/maps} (or one NT_FILE entry of a core file).
 *
 * @param start first address
 * @param end address past the last byte
 * @param perms e.g. {@code r-xp}
 * @param fileOffset offset of {@code start} in the mapped file
 * @param inode 0 for anonymous memory
 * @param path mapped file, {@code [heap]}-style pseudo name, or empty
 */
public record Mapping(long start, long end, String perms, long fileOffset, long inode, String path) {
  public boolean readable() {
    return perms.charAt(0) == 'r';
  }

  public boolean writable() {
    return perms.length() > 1 && perms.charAt(1) == 'w';
  }

  public boolean executable() {
    return perms.length() > 2 && perms.charAt(2) == 'x';
  }

  public boolean contains(long address) {
    return address >= start && address < end;
  }

  public long size() {
    return end - start;
  }

  /** The mapped path without the {@code " (deleted)"} suffix the kernel adds for replaced files. */
  public String filePath() {
    return path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path;
  }

  public boolean isFile() {
    return path.startsWith("/");
  }
}
