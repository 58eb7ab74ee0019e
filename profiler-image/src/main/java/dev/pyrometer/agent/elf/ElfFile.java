package dev.pyrometer.agent.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A minimal ELF64 little-endian reader: program headers, section headers, symbols and notes. Works
 * on executables, shared libraries and core files; reads through a {@link FileChannel} so core
 * files larger than 2 GiB are fine.
 */
public final class ElfFile implements AutoCloseable {
  public static final int ET_EXEC = 2;
  public static final int ET_DYN = 3;
  public static final int ET_CORE = 4;
  public static final int PT_LOAD = 1;
  public static final int PT_NOTE = 4;
  public static final int PF_X = 1;
  public static final int PF_W = 2;
  private static final int SHT_SYMTAB = 2;
  private static final int SHT_DYNSYM = 11;
  private static final long MAX_TABLE = 256L << 20;

  private final Path path;
  private final FileChannel channel;
  private final int type;
  private final List<ProgramHeader> programHeaders = new ArrayList<>();
  private final List<Section> sections = new ArrayList<>();
  private Map<String, Long> symbols;

  /** A segment: what the loader maps. */
  public record ProgramHeader(int type, int flags, long offset, long vaddr, long fileSize, long memSize) {}

  /** A section: name, address when loaded, where it is in the file. */
  public record Section(String name, int type, long address, long offset, long size, int link, long entrySize) {}

  /** A note record from a PT_NOTE segment. */
  public record Note(String name, int type, byte[] desc) {}

  private ElfFile(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    ByteBuffer header = read(0, 64);
    if (header.getInt(0) != 0x464c457f) {
      throw new ElfFormatException(path + " is not an ELF file");
    }
    if (header.get(4) != 2 || header.get(5) != 1) {
      throw new ElfFormatException(path + " is not a 64-bit little-endian ELF file");
    }
    type = Short.toUnsignedInt(header.getShort(16));
    long phoff = header.getLong(32);
    long shoff = header.getLong(40);
    int phentsize = Short.toUnsignedInt(header.getShort(54));
    int phnum = Short.toUnsignedInt(header.getShort(56));
    int shentsize = Short.toUnsignedInt(header.getShort(58));
    int shnum = Short.toUnsignedInt(header.getShort(60));
    int shstrndx = Short.toUnsignedInt(header.getShort(62));
    if (phnum > 0xffff || (phnum > 0 && phentsize < 56)) {
      throw new ElfFormatException(path + ": bad program header table");
    }
    if (phnum > 0) {
      ByteBuffer ph = read(phoff, phnum * phentsize);
      for (int i = 0; i < phnum; i++) {
        int at = i * phentsize;
        programHeaders.add(new ProgramHeader(ph.getInt(at), ph.getInt(at + 4), ph.getLong(at + 8),
            ph.getLong(at + 16), ph.getLong(at + 32), ph.getLong(at + 40)));
      }
    }
    if (shnum > 0 && shentsize >= 64 && shoff > 0 && shoff < channel.size()) {
      ByteBuffer sh = read(shoff, shnum * shentsize);
      List<long[]> raw = new ArrayList<>();
      for (int i = 0; i < shnum; i++) {
        int at = i * shentsize;
        raw.add(new long[] {Integer.toUnsignedLong(sh.getInt(at)), sh.getInt(at + 4), sh.getLong(at + 16),
            sh.getLong(at + 24), sh.getLong(at + 32), sh.getInt(at + 40), sh.getLong(at + 56)});
      }
      byte[] names = shstrndx < raw.size() ? readBytes(raw.get(shstrndx)[3], raw.get(shstrndx)[4]) : new byte[0];
      for (long[] s : raw) {
        sections.add(new Section(cString(names, (int) s[0]), (int) s[1], s[2], s[3], s[4], (int) s[5], s[6]));
      }
    }
  }

  /** Opens and parses the headers. */
  public static ElfFile open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new ElfFile(path, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  public int type() {
    return type;
  }

  public List<ProgramHeader> programHeaders() {
    return programHeaders;
  }

  public List<Section> sections() {
    return sections;
  }

  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The value (link-time address) of a defined symbol, from .dynsym or .symtab. */
  public Optional<Long> symbol(String name) throws IOException {
    if (symbols == null) {
      symbols = loadSymbols();
    }
    return Optional.ofNullable(symbols.get(name));
  }

  private Map<String, Long> loadSymbols() throws IOException {
    Map<String, Long> out = new HashMap<>();
    for (Section table : sections) {
      if ((table.type() != SHT_SYMTAB && table.type() != SHT_DYNSYM) || table.link() >= sections.size()) {
        continue;
      }
      Section strings = sections.get(table.link());
      if (table.size() > MAX_TABLE || strings.size() > MAX_TABLE) {
        continue;
      }
      byte[] names = readBytes(strings.offset(), strings.size());
      ByteBuffer syms = read(table.offset(), (int) table.size());
      for (int at = 0; at + 24 <= syms.limit(); at += 24) {
        int shndx = Short.toUnsignedInt(syms.getShort(at + 6));
        long value = syms.getLong(at + 8);
        if (shndx == 0 || value == 0) {
          continue; // undefined (imported) symbol
        }
        String name = cString(names, syms.getInt(at));
        if (!name.isEmpty()) {
          out.putIfAbsent(name, value);
        }
      }
    }
    return out;
  }

  /** Calls the consumer for every note of every PT_NOTE segment. */
  public void forEachNote(Consumer<Note> consumer) throws IOException {
    for (ProgramHeader ph : programHeaders) {
      if (ph.type() != PT_NOTE || ph.fileSize() > MAX_TABLE) {
        continue;
      }
      ByteBuffer notes = read(ph.offset(), (int) ph.fileSize());
      int at = 0;
      while (at + 12 <= notes.limit()) {
        int nameSize = notes.getInt(at);
        int descSize = notes.getInt(at + 4);
        int noteType = notes.getInt(at + 8);
        int nameStart = at + 12;
        int descStart = nameStart + align4(nameSize);
        if (nameSize < 0 || descSize < 0 || descStart + (long) descSize > notes.limit()) {
          break;
        }
        byte[] nameBytes = new byte[Math.max(0, nameSize - 1)];
        notes.get(nameStart, nameBytes);
        byte[] desc = new byte[descSize];
        notes.get(descStart, desc);
        consumer.accept(new Note(new String(nameBytes, StandardCharsets.US_ASCII), noteType, desc));
        at = descStart + align4(descSize);
      }
    }
  }

  /** Reads {@code length} bytes of the file at {@code offset}. */
  public byte[] readBytes(long offset, long length) throws IOException {
    if (length < 0 || length > MAX_TABLE) {
      throw new ElfFormatException(path + ": implausible size " + length);
    }
    ByteBuffer b = read(offset, (int) length);
    byte[] out = new byte[(int) length];
    b.get(0, out);
    return out;
  }

  /** Reads into {@code dst}; returns how many bytes the file had there. */
  public int readAt(long offset, byte[] dst, int dstOffset, int length) throws IOException {
    ByteBuffer target = ByteBuffer.wrap(dst, dstOffset, length);
    long position = offset;
    while (target.hasRemaining()) {
      int n = channel.read(target, position);
      if (n <= 0) {
        break;
      }
      position += n;
    }
    return (int) (position - offset);
  }

  private ByteBuffer read(long offset, int length) throws IOException {
    if (offset < 0 || offset + length > channel.size()) {
      throw new ElfFormatException(path + ": truncated (needs bytes up to " + (offset + length) + ")");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new ElfFormatException(path + ": truncated");
      }
    }
    return buffer.flip();
  }

  private static int align4(int n) {
    return (n + 3) & ~3;
  }

  private static String cString(byte[] table, int offset) {
    if (offset < 0 || offset >= table.length) {
      return "";
    }
    int end = offset;
    while (end < table.length && table[end] != 0) {
      end++;
    }
    return new String(table, offset, end - offset, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // read-only channel
    }
  }
}
