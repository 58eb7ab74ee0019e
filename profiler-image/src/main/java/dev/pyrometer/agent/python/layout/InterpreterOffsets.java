package dev.pyrometer.agent.python.layout;

/**
 * Where the heap walk's roots live in one CPython minor version: the interpreter's modules,
 * sys and builtins dicts, its GC generation lists, the interned strings and the dicts of static
 * builtin types (3.12+), thread states, frames, code and generator objects. -1 where absent.
 */
public final class InterpreterOffsets {
  public final long runtimeInterpretersMain;
  public final long runtimeGc;
  public final long interpNext;
  public final long interpModules;
  public final long interpSysdict;
  public final long interpBuiltins;
  public final long interpGc;
  public final long interpThreadsHead;
  public final long interpInternedStrings;
  /** 3.12+: array of per-static-type state; its {@code tp_dict} at {@link #staticTypeStateDict}. */
  public final long interpStaticTypes;
  public final long interpStaticTypesCount;
  public final long staticTypeStateSize;
  public final long staticTypeStateType;
  public final long staticTypeStateDict;

  public final long[] gcGenerationHeads;
  public final long gcPermanentHead;
  public final long gcCollecting;

  public final long tstateNext;
  public final long tstateDict;

  public final long frameObjectBack;
  public final long frameObjectCode;
  public final long frameObjectLocals;
  public final long frameObjectLocalsPlus;
  /** 3.11+: the {@code _PyInterpreterFrame} a frame object wraps. */
  public final long frameObjectFrame;
  public final long iframeCode;
  public final long iframeFunc;
  public final long iframeLocals;
  public final long iframeFrameObject;
  public final long iframeLocalsPlus;
  /** {@code stacktop} (slot count, ≤3.13) or {@code stackpointer} (address, 3.14+). */
  public final long iframeStackTop;
  public final boolean iframeStackPointer;
  public final long iframeOwner;

  public final long codeNLocals;
  public final long codeNLocalsPlus;
  public final long codeVarnames;
  public final long codeCellvars;
  public final long codeFreevars;
  public final long codeLocalsPlusNames;
  public final long codeLocalsPlusKinds;

  public final long genFrame;
  public final long genIFrame;

  public final long functionGlobals;
  public final long functionBuiltins;
  public final long functionCode;
  public final long functionClosure;

  InterpreterOffsets(LayoutValues v) {
    int minor = v.minor();
    runtimeInterpretersMain = v.find("_PyRuntimeState.interpreters.main");
    runtimeGc = v.find("_PyRuntimeState.gc");
    interpNext = v.preferDebug("interpreter_state.next", "PyInterpreterState.next");
    interpModules = v.preferDebug("interpreter_state.imports_modules", "PyInterpreterState.imports.modules", "PyInterpreterState.modules");
    interpSysdict = v.preferDebug("interpreter_state.sysdict", "PyInterpreterState.sysdict");
    interpBuiltins = v.preferDebug("interpreter_state.builtins", "PyInterpreterState.builtins");
    interpGc = v.preferDebug("interpreter_state.gc", "PyInterpreterState.gc");
    interpThreadsHead = v.preferDebug("interpreter_state.threads_head", "PyInterpreterState.threads.head", "PyInterpreterState.tstate_head");
    interpInternedStrings = v.find("PyInterpreterState.cached_objects.interned_strings");
    interpStaticTypes = v.find("PyInterpreterState.types.builtins.initialized", "PyInterpreterState.types.builtins");
    interpStaticTypesCount = v.find("PyInterpreterState.types.builtins.num_initialized", "PyInterpreterState.types.num_builtins_initialized");
    staticTypeStateSize = v.find("sizeof.managed_static_type_state", "sizeof.static_builtin_state");
    staticTypeStateType = v.find("managed_static_type_state.type", "static_builtin_state.type");
    staticTypeStateDict = v.find("managed_static_type_state.tp_dict", "static_builtin_state.tp_dict");

    gcGenerationHeads = new long[] {
        v.get("_gc_runtime_state.generations.0.head"),
        v.get("_gc_runtime_state.generations.1.head"),
        v.get("_gc_runtime_state.generations.2.head")};
    gcPermanentHead = v.get("_gc_runtime_state.permanent_generation.head");
    gcCollecting = v.preferDebug("gc.collecting", "_gc_runtime_state.collecting");

    tstateNext = v.preferDebug("thread_state.next", "PyThreadState.next");
    tstateDict = v.get("PyThreadState.dict");

    frameObjectBack = v.get("PyFrameObject.f_back");
    frameObjectCode = v.find("PyFrameObject.f_code");
    frameObjectLocals = v.find("PyFrameObject.f_locals");
    frameObjectLocalsPlus = v.find("PyFrameObject.f_localsplus");
    frameObjectFrame = v.find("PyFrameObject.f_frame");
    iframeCode = v.preferDebug("interpreter_frame.executable", "_PyInterpreterFrame.f_executable", "_PyInterpreterFrame.f_code");
    iframeFunc = v.find("_PyInterpreterFrame.f_funcobj", "_PyInterpreterFrame.f_func");
    iframeLocals = v.find("_PyInterpreterFrame.f_locals");
    iframeFrameObject = v.find("_PyInterpreterFrame.frame_obj");
    iframeLocalsPlus = v.preferDebug("interpreter_frame.localsplus", "_PyInterpreterFrame.localsplus");
    iframeStackPointer = minor >= 14;
    iframeStackTop = v.preferDebug("interpreter_frame.stackpointer", "_PyInterpreterFrame.stackpointer", "_PyInterpreterFrame.stacktop");
    iframeOwner = v.preferDebug("interpreter_frame.owner", "_PyInterpreterFrame.owner");

    codeNLocals = v.find("PyCodeObject.co_nlocals");
    codeNLocalsPlus = v.find("PyCodeObject.co_nlocalsplus");
    codeVarnames = v.find("PyCodeObject.co_varnames");
    codeCellvars = v.find("PyCodeObject.co_cellvars");
    codeFreevars = v.find("PyCodeObject.co_freevars");
    codeLocalsPlusNames = v.preferDebug("code_object.localsplusnames", "PyCodeObject.co_localsplusnames");
    codeLocalsPlusKinds = v.preferDebug("code_object.localspluskinds", "PyCodeObject.co_localspluskinds");

    genFrame = v.find("PyGenObject.gi_frame");
    genIFrame = v.preferDebug("gen_object.gi_iframe", "PyGenObject.gi_iframe");

    functionGlobals = v.get("PyFunctionObject.func_globals");
    functionBuiltins = v.find("PyFunctionObject.func_builtins");
    functionCode = v.get("PyFunctionObject.func_code");
    functionClosure = v.get("PyFunctionObject.func_closure");
  }
}
