package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.memory.LongMap;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;

/**
 * Code objects by remote address. A code object never changes, but its memory can be freed and
 * reused by another one (a reloaded module, generated code). So every use is checked against the
 * fields that identify it ({@link CodeInfo#fingerprint()}: from 3.12 its {@code co_version}, a
 * counter no two code objects share), which the walker reads with the rest of the sample; from
 * 3.14 the interpreter's code-object generation moves whenever one is freed, so an entry verified
 * since the last move (of any interpreter, or of the interpreter list) is trusted by address. On
 * 3.12 the counter that hands out {@code co_version} moves whenever one is created: while it has
 * not moved, a live frame's code object at an entry's address is the entry's (any other code
 * object there would have been created after it), so entries are trusted for frames the sample's
 * check confirms live.
 */
public final class CodeCache {
  private static final int MAX_ENTRIES = 65_536;

  private final ProcessMemory memory;
  private final PythonLayout layout;
  private final RemoteObjects objects;
  private final LongMap<Entry> entries = new LongMap<>(512);
  private final byte[] codeBuffer;
  private int serials;
  /** Interpreters and their code-object generations, as last observed (3.14+). */
  private long[] interpreters = new long[0];
  private long[] generations = new long[0];
  /** 3.12's code-creation counter as last observed; -1 when the target has none to read. */
  private long creations = -1;
  /**
   * Bumped whenever a code object may have been freed: an interpreter's generation moved, or an
   * interpreter came or went (its code objects die with it without any generation to say so).
   * An entry is trusted by address alone only when verified in the current epoch.
   */
  private long epoch;

  private static final class Entry {
    final CodeInfo info;
    long verifiedEpoch;
    /** Found to no longer match its address: never used again, replaced on the next read. */
    boolean stale;

    Entry(CodeInfo info, long verifiedEpoch) {
      this.info = info;
      this.verifiedEpoch = verifiedEpoch;
    }
  }

  public CodeCache(ProcessMemory memory, PythonLayout layout, RemoteObjects objects) {
    this.memory = memory;
    this.layout = layout;
    this.objects = objects;
    this.codeBuffer = new byte[layout.codeReadSize];
  }

  /**
   * The interpreters of this sample with their code-object generations (3.14+), before any of their
   * frames is looked up: when anything differs from the previous sample, every cached entry must
   * be verified again before it is trusted by address. {@code codeCreations} is 3.12's
   * code-creation counter (-1 when not read): entries are trusted while it has not moved; at 0 it
   * has wrapped and stopped, and nothing is trusted.
   */
  public void observeInterpreters(long[] addresses, long[] values, int count, long codeCreations) {
    boolean same = count == interpreters.length && codeCreations == creations && codeCreations != 0;
    creations = codeCreations;
    for (int i = 0; same && i < count; i++) {
      same = addresses[i] == interpreters[i] && values[i] == generations[i];
    }
    if (!same) {
      interpreters = java.util.Arrays.copyOf(addresses, count);
      generations = java.util.Arrays.copyOf(values, count);
      epoch++;
    }
  }

  /**
   * The cached code object at {@code address} when it can be used without reading the object:
   * 3.14+ (code-object generations published) and verified since the last change of generation or
   * of the interpreter list. Null otherwise.
   */
  public CodeInfo trusted(long address) {
    if (layout.interpCodeObjectGeneration < 0 && creations <= 0) {
      return null;
    }
    Entry e = entries.get(address);
    return e != null && !e.stale && e.verifiedEpoch == epoch ? e.info : null;
  }

  /** The cached code object at {@code address}, unchecked; null when not cached. */
  public CodeInfo cached(long address) {
    Entry e = entries.get(address);
    return e == null || e.stale ? null : e.info;
  }

  /** The object at {@code address} no longer matches its entry: the next use reads it again. */
  public void forget(long address) {
    Entry e = entries.get(address);
    if (e != null) {
      e.stale = true;
    }
  }

  /** The code object at {@code address}, reading its fields first (for one-off walks). */
  public CodeInfo get(long address, long now) throws MemoryReadException {
    if (!PythonPointers.plausible(address)) {
      throw new MemoryReadException("bad code pointer 0x" + Long.toHexString(address), address);
    }
    memory.read(address, codeBuffer, 0, codeBuffer.length);
    return get(address, codeBuffer, 0);
  }

  /**
   * The code object at {@code address}, given its first {@link PythonLayout#codeReadSize} bytes as
   * read in this sample: the cached entry when they still identify it, else read and decoded.
   */
  public CodeInfo get(long address, byte[] code, int base) throws MemoryReadException {
    long fingerprint = fingerprint(code, base);
    Entry cached = entries.get(address);
    if (cached != null && !cached.stale && cached.info.fingerprint() == fingerprint) {
      cached.verifiedEpoch = epoch;
      return cached.info;
    }
    CodeInfo info = read(address, code, base, fingerprint);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // bounded memory; the hot code comes back on the next samples
    }
    entries.put(address, new Entry(info, epoch));
    return info;
  }

  long fingerprint(byte[] code, int base) {
    long h = Bytes.getLong(code, base + (int) layout.codeFilename);
    h = h * 31 + Bytes.getLong(code, base + (int) layout.codeName);
    h = h * 31 + Bytes.getLong(code, base + (int) layout.codeLineTable);
    h = h * 31 + Bytes.getInt(code, base + (int) layout.codeFirstLineNo);
    if (layout.codeQualname >= 0) {
      h = h * 31 + Bytes.getLong(code, base + (int) layout.codeQualname);
    }
    if (layout.codeVersion >= 0) {
      h = h * 31 + Integer.toUnsignedLong(Bytes.getInt(code, base + (int) layout.codeVersion));
    }
    return h;
  }

  private CodeInfo read(long address, byte[] code, int base, long fingerprint) throws MemoryReadException {
    if (!PythonPointers.plausible(address)) {
      throw new MemoryReadException("bad code pointer 0x" + Long.toHexString(address), address);
    }
    String type = objects.typeName(address);
    if (!type.equals("code")) {
      throw new MemoryReadException("frame executable is a " + type + ", not code", address);
    }
    long filePtr = Bytes.getLong(code, base + (int) layout.codeFilename);
    long namePtr = Bytes.getLong(code, base + (int) layout.codeName);
    long qualnamePtr = layout.codeQualname >= 0 ? Bytes.getLong(code, base + (int) layout.codeQualname) : namePtr;
    int firstLine = Bytes.getInt(code, base + (int) layout.codeFirstLineNo);
    long tablePtr = Bytes.getLong(code, base + (int) layout.codeLineTable);
    String fileName = objects.readString(filePtr);
    String name = objects.readString(qualnamePtr);
    byte[] table = objects.readBytes(tablePtr);
    LineTable lines = switch (layout.lineFormat) {
      case LNOTAB -> LineTable.fromLnotab(table, firstLine);
      case LINETABLE_310 -> LineTable.fromLinetable310(table, firstLine);
      case LOCATIONS -> LineTable.fromLocationTable(table, firstLine);
    };
    return new CodeInfo(name, fileName, lines, fingerprint, serials++);
  }

  public int size() {
    return entries.size();
  }
}
