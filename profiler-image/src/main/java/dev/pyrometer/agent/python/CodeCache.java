package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Code objects by remote address. A code object never changes, but its memory can be freed and
 * reused by another one, so an entry is re-checked (two pointers, one small read) at most once per
 * {@link #REVERIFY_NANOS}, and the whole cache is dropped when 3.14+'s code-object generation moves.
 */
public final class CodeCache {
  static final long REVERIFY_NANOS = 1_000_000_000L;
  private static final int MAX_ENTRIES = 65_536;

  private final ProcessMemory memory;
  private final PythonLayout layout;
  private final RemoteObjects objects;
  private final Map<Long, Entry> entries = new HashMap<>();
  private final byte[] codeBuffer;
  private final byte[] fingerprintBuffer = new byte[8];
  private long generation = Long.MIN_VALUE;

  private static final class Entry {
    final CodeInfo info;
    long verifiedAt;

    Entry(CodeInfo info, long verifiedAt) {
      this.info = info;
      this.verifiedAt = verifiedAt;
    }
  }

  public CodeCache(ProcessMemory memory, PythonLayout layout, RemoteObjects objects) {
    this.memory = memory;
    this.layout = layout;
    this.objects = objects;
    this.codeBuffer = new byte[layout.codeReadSize];
  }

  /** Forgets everything when the interpreter says code objects may have been freed (3.14+). */
  public void observeGeneration(long value) {
    if (value != generation) {
      entries.clear();
      generation = value;
    }
  }

  /** The code object at {@code address}, read and decoded on first sight. */
  public CodeInfo get(long address, long now) throws MemoryReadException {
    Entry entry = entries.get(address);
    if (entry != null) {
      if (now - entry.verifiedAt < REVERIFY_NANOS) {
        return entry.info;
      }
      if (fingerprint(address) == entry.info.fingerprint()) {
        entry.verifiedAt = now;
        return entry.info;
      }
      entries.remove(address);
    }
    CodeInfo info = read(address);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // bounded memory; the hot code comes back on the next samples
    }
    entries.put(address, new Entry(info, now));
    return info;
  }

  private long fingerprint(long address) throws MemoryReadException {
    memory.read(address + layout.codeFilename, fingerprintBuffer, 0, 8);
    long file = Bytes.getLong(fingerprintBuffer, 0);
    memory.read(address + layout.codeName, fingerprintBuffer, 0, 8);
    return file * 31 + Bytes.getLong(fingerprintBuffer, 0);
  }

  private CodeInfo read(long address) throws MemoryReadException {
    if (!PythonPointers.plausible(address)) {
      throw new MemoryReadException("bad code pointer 0x" + Long.toHexString(address), address);
    }
    String type = objects.typeName(address);
    if (!type.equals("code")) {
      throw new MemoryReadException("frame executable is a " + type + ", not code", address);
    }
    memory.read(address, codeBuffer, 0, codeBuffer.length);
    long filePtr = Bytes.getLong(codeBuffer, (int) layout.codeFilename);
    long namePtr = Bytes.getLong(codeBuffer, (int) layout.codeName);
    long qualnamePtr = layout.codeQualname >= 0 ? Bytes.getLong(codeBuffer, (int) layout.codeQualname) : namePtr;
    int firstLine = Bytes.getInt(codeBuffer, (int) layout.codeFirstLineNo);
    long tablePtr = Bytes.getLong(codeBuffer, (int) layout.codeLineTable);
    String fileName = objects.readString(filePtr);
    String name = objects.readString(qualnamePtr);
    byte[] table = objects.readBytes(tablePtr);
    LineTable lines = switch (layout.lineFormat) {
      case LNOTAB -> LineTable.fromLnotab(table, firstLine);
      case LINETABLE_310 -> LineTable.fromLinetable310(table, firstLine);
      case LOCATIONS -> LineTable.fromLocationTable(table, firstLine);
    };
    return new CodeInfo(name, fileName, lines, filePtr * 31 + namePtr);
  }

  public int size() {
    return entries.size();
  }
}
