package dev.pyrometer.agent.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** x86-64 Linux system call numbers to names, from the table generated off {@code asm/unistd_64.h}. */
public final class SyscallNames {
  private static final String[] NAMES = load();

  private SyscallNames() {}

  /** e.g. {@code poll} for 7; {@code syscall_N} for a number we do not know. */
  public static String name(int number) {
    if (number >= 0 && number < NAMES.length && NAMES[number] != null) {
      return NAMES[number];
    }
    return "syscall_" + number;
  }

  private static String[] load() {
    String[] names = new String[1024];
    try (InputStream in = SyscallNames.class.getResourceAsStream("/dev/pyrometer/agent/proc/syscalls-x86_64.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int space = line.indexOf(' ');
        int nr = Integer.parseInt(line.substring(0, space));
        if (nr < names.length) {
          names[nr] = line.substring(space + 1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
