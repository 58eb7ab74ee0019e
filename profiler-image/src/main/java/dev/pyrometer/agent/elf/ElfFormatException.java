package dev.pyrometer.agent.elf;

import java.io.IOException;

/** A file that is not the ELF file it should be, or is truncated. */
public class ElfFormatException extends IOException {
  public ElfFormatException(String message) {
    super(message);
  }
}
