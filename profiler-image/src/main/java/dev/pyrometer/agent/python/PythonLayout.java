package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.python.layout.RawLayout;

/**
 * Where every field the stack walker reads lives, for one CPython minor version, as plain byte
 * offsets. Up to 3.12 they come from the table generated off the CPython headers; from 3.13 they
 * are read from the target's own {@code _Py_DebugOffsets} (the generated table only says where in
 * that struct each value sits). A field a version lacks is -1.
 */
public final class PythonLayout {
  /** How a thread's frames are linked. */
  public enum FrameModel {
    /** 3.8–3.10: heap {@code PyFrameObject}s linked by {@code f_back} from {@code tstate->frame}. */
    FRAME_OBJECT,
    /** 3.11–3.12: {@code _PyInterpreterFrame}s reached through {@code tstate->cframe->current_frame}. */
    CFRAME,
    /** 3.13+: {@code tstate->current_frame}. */
    DIRECT
  }

  /** How line numbers are encoded in code objects. */
  public enum LineFormat {
    LNOTAB,
    LINETABLE_310,
    LOCATIONS
  }

  public final int minor;
  public final FrameModel frameModel;
  public final LineFormat lineFormat;

  public final long runtimeInterpretersHead;
  public final long interpNext;
  public final long interpThreadsHead;
  /** 3.14+: bumped when code objects may have been freed; -1 before. */
  public final long interpCodeObjectGeneration;

  public final long tstateSize;
  public final long tstateNext;
  public final long tstateInterp;
  /** {@code frame} (≤3.10), {@code cframe} (3.11, 3.12) or {@code current_frame} (3.13+). */
  public final long tstateFrame;
  /** 3.11, 3.12: offset of {@code current_frame} inside {@code _PyCFrame}; -1 otherwise. */
  public final long cframeCurrentFrame;
  public final long tstateThreadId;
  /** {@code PyThreadState.id}: unique per thread state of an interpreter (a new thread's too), or -1. */
  public final long tstateUniqueId;
  public final long tstateNativeThreadId;
  public final long tstateDatastackChunk;
  /** {@code datastack_top}: end of the live part of the current chunk (3.11+); -1 before. */
  public final long tstateDatastackTop;

  /** Bytes to read per frame: the struct size (3.11+) or enough to cover the fields (≤3.10). */
  public final int frameReadSize;
  public final long frameBack;
  public final long frameCode;
  /** {@code f_lasti} (int, ≤3.10), {@code prev_instr} (3.11, 3.12) or {@code instr_ptr} (3.13+). */
  public final long framePosition;
  public final long frameOwner;
  /** Frames with an owner at or above this value are C-stack/interpreter shims to skip. */
  public final int firstShimOwner;
  /** Mask that clears the tag bits of {@code f_executable} (3.14+ stack references). */
  public final long executableMask;

  public final long codeFilename;
  public final long codeName;
  public final long codeQualname;
  public final long codeLineTable;
  public final long codeFirstLineNo;
  public final long codeCodeAdaptive;
  /**
   * 3.12+ {@code co_version}: taken from a counter every new code object bumps, so a code object
   * created at the address of a freed one differs here; -1 before 3.12.
   */
  public final long codeVersion;
  /** The code object bytes to read to cover every field above (not its bytecode). */
  public final int codeReadSize;

  public final long obType;
  public final long typeName;
  public final long bytesSize;
  public final long bytesData;
  public final long unicodeLength;
  public final long unicodeState;
  public final long asciiObjectSize;
  public final long compactUnicodeObjectSize;
  public final long unicodeDataPointer;

  public final long chunkPrevious;
  public final long chunkSize;
  public final long chunkData;

  private PythonLayout(int minor, Values v) {
    this.minor = minor;
    frameModel = minor <= 10 ? FrameModel.FRAME_OBJECT : minor <= 12 ? FrameModel.CFRAME : FrameModel.DIRECT;
    lineFormat = minor <= 9 ? LineFormat.LNOTAB : minor == 10 ? LineFormat.LINETABLE_310 : LineFormat.LOCATIONS;

    runtimeInterpretersHead = v.get("_PyRuntimeState.interpreters.head", "runtime_state.interpreters_head");
    interpNext = v.get("PyInterpreterState.next", "interpreter_state.next");
    interpThreadsHead = minor <= 10
        ? v.get("PyInterpreterState.tstate_head", null)
        : v.get("PyInterpreterState.threads.head", "interpreter_state.threads_head");
    interpCodeObjectGeneration = v.find(null, "interpreter_state.code_object_generation");

    tstateSize = v.get("sizeof.PyThreadState", "thread_state.size");
    tstateNext = v.get("PyThreadState.next", "thread_state.next");
    tstateInterp = v.get("PyThreadState.interp", "thread_state.interp");
    tstateFrame = switch (frameModel) {
      case FRAME_OBJECT -> v.get("PyThreadState.frame", null);
      case CFRAME -> v.get("PyThreadState.cframe", null);
      case DIRECT -> v.get(null, "thread_state.current_frame");
    };
    cframeCurrentFrame = frameModel == FrameModel.CFRAME ? v.get("_PyCFrame.current_frame", null) : -1;
    tstateThreadId = v.get("PyThreadState.thread_id", "thread_state.thread_id");
    tstateNativeThreadId = v.find("PyThreadState.native_thread_id", "thread_state.native_thread_id");
    tstateUniqueId = v.find("PyThreadState.id", null);
    tstateDatastackChunk = v.find("PyThreadState.datastack_chunk", "thread_state.datastack_chunk");
    // datastack_top sits next to datastack_chunk; the debug offsets publish only the latter
    long tableChunk = v.find("PyThreadState.datastack_chunk", null);
    long tableTop = v.find("PyThreadState.datastack_top", null);
    tstateDatastackTop = tstateDatastackChunk >= 0 && tableChunk >= 0 && tableTop >= 0
        ? tstateDatastackChunk + (tableTop - tableChunk) : -1;

    if (frameModel == FrameModel.FRAME_OBJECT) {
      frameBack = v.get("PyFrameObject.f_back", null);
      frameCode = v.get("PyFrameObject.f_code", null);
      framePosition = v.get("PyFrameObject.f_lasti", null);
      frameOwner = -1;
      frameReadSize = (int) Math.max(frameBack, Math.max(frameCode, framePosition)) + 8;
    } else {
      frameBack = v.get("_PyInterpreterFrame.previous", "interpreter_frame.previous");
      frameCode = minor <= 12 ? v.get("_PyInterpreterFrame.f_code", null) : v.get(null, "interpreter_frame.executable");
      framePosition = minor <= 12 ? v.get("_PyInterpreterFrame.prev_instr", null) : v.get(null, "interpreter_frame.instr_ptr");
      frameOwner = v.get("_PyInterpreterFrame.owner", "interpreter_frame.owner");
      frameReadSize = (int) Math.max(v.get("sizeof._PyInterpreterFrame", "interpreter_frame.size"),
          Math.max(frameBack, Math.max(frameCode, Math.max(framePosition, frameOwner))) + 8);
    }
    long cstack = v.constant("FRAME_OWNED_BY_CSTACK");
    long interpreter = v.constant("FRAME_OWNED_BY_INTERPRETER");
    firstShimOwner = minor <= 11 ? Integer.MAX_VALUE
        : (int) Math.min(cstack < 0 ? Long.MAX_VALUE : cstack, interpreter < 0 ? Long.MAX_VALUE : interpreter);
    long tagBits = v.constant("Py_TAG_BITS");
    executableMask = minor >= 14 ? ~(tagBits < 0 ? 3L : tagBits) : -1L;

    codeFilename = v.get("PyCodeObject.co_filename", "code_object.filename");
    codeName = v.get("PyCodeObject.co_name", "code_object.name");
    codeQualname = minor >= 11 ? v.get("PyCodeObject.co_qualname", "code_object.qualname") : -1;
    codeLineTable = minor <= 9 ? v.get("PyCodeObject.co_lnotab", null)
        : v.get("PyCodeObject.co_linetable", "code_object.linetable");
    codeFirstLineNo = v.get("PyCodeObject.co_firstlineno", "code_object.firstlineno");
    codeCodeAdaptive = minor >= 11 ? v.get("PyCodeObject.co_code_adaptive", "code_object.co_code_adaptive") : -1;
    codeVersion = minor >= 12 ? v.find("PyCodeObject.co_version", null) : -1;
    codeReadSize = (int) max(codeFilename, codeName, codeQualname, codeLineTable, codeFirstLineNo, codeVersion) + 8;

    obType = v.get("PyObject.ob_type", "pyobject.ob_type");
    typeName = v.get("PyTypeObject.tp_name", "type_object.tp_name");
    bytesSize = v.get("PyBytesObject.ob_size", "bytes_object.ob_size");
    bytesData = v.get("PyBytesObject.ob_sval", "bytes_object.ob_sval");
    unicodeLength = v.get("PyASCIIObject.length", "unicode_object.length");
    unicodeState = v.get("PyASCIIObject.state", "unicode_object.state");
    asciiObjectSize = v.get("sizeof.PyASCIIObject", "unicode_object.asciiobject_size");
    compactUnicodeObjectSize = v.get("sizeof.PyCompactUnicodeObject", null);
    unicodeDataPointer = v.get("PyUnicodeObject.data", null);

    chunkPrevious = v.find("_PyStackChunk.previous", null);
    chunkSize = v.find("_PyStackChunk.size", null);
    chunkData = v.find("_PyStackChunk.data", null);
  }

  /** The layout of a 3.8–3.12 interpreter, from the generated table alone. */
  public static PythonLayout fromTable(RawLayout raw) {
    return new PythonLayout(raw.minor(), new Values(raw, null));
  }

  /**
   * The layout of a 3.13+ interpreter: values from the target's {@code _Py_DebugOffsets} blob,
   * positions in the blob from the generated table, the rest (stable struct members the debug
   * offsets do not publish) from the table.
   */
  public static PythonLayout fromDebugOffsets(RawLayout raw, byte[] debugOffsets) {
    return new PythonLayout(raw.minor(), new Values(raw, debugOffsets));
  }

  private static long max(long... values) {
    long m = 0;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** Resolves a field from the debug offsets when there are some, else from the table. */
  private static final class Values {
    private final RawLayout raw;
    private final byte[] debug;

    Values(RawLayout raw, byte[] debug) {
      this.raw = raw;
      this.debug = debug;
    }

    long get(String tableKey, String debugKey) {
      long v = find(tableKey, debugKey);
      if (v < 0) {
        throw new IllegalStateException("the layout of Python 3." + raw.minor() + " has no "
            + (debug != null && debugKey != null ? "_Py_DebugOffsets." + debugKey : tableKey));
      }
      return v;
    }

    long find(String tableKey, String debugKey) {
      if (debug != null && debugKey != null) {
        String key = "_Py_DebugOffsets." + debugKey;
        if (raw.has(key)) {
          int position = (int) raw.get(key);
          return position + 8 <= debug.length ? Bytes.getLong(debug, position) : -1;
        }
      }
      return tableKey != null && raw.has(tableKey) ? raw.get(tableKey) : -1;
    }

    long constant(String name) {
      return raw.has("const." + name) ? raw.get("const." + name) : -1;
    }
  }
}
