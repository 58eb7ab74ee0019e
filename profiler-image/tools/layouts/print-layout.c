/*
 * print-layout.c: prints the CPython struct layouts Pyrometer reads from outside the process, as
 * "key=value" lines (unsorted; generate-layouts sorts them). Compiled once per CPython minor
 * version against that version's own headers, with -DPy_BUILD_CORE -I include -I include/internal.
 *
 * Keys:
 *   Struct.member.path = offsetof(Struct, member.path) in bytes (C type name, offsetof path)
 *   sizeof.Type        = sizeof(Type)
 *   const.NAME         = value of an enum constant or macro
 *   bitfield.Struct.member.field.shift / .width = position of a bit field inside its word
 *   _Py_DebugOffsets.section.field = offsetof within struct _Py_DebugOffsets (3.13+; the list of
 *                                     fields is generated from the header by generate-layouts)
 *
 * Only two structs are not in the installed headers: PyDictKeysObject/PyDictKeyEntry (<= 3.10,
 * Objects/dict-common.h) and PyModuleObject (<= 3.9, Objects/moduleobject.c). They are mirrored
 * below from those CPython source files, member for member, so the compiler still lays them out.
 */
#include "Python.h"
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "structmember.h"

#if PY_VERSION_HEX < 0x03090000
#  include "internal/pycore_pystate.h"
#  include "frameobject.h"
#else
#  include "pycore_runtime.h"
#  include "pycore_interp.h"
#  include "pycore_pystate.h"
#  include "pycore_gc.h"
#  include "frameobject.h"
#endif
#if PY_VERSION_HEX >= 0x030A0000
#  include "pycore_moduleobject.h"
#endif
#if PY_VERSION_HEX >= 0x030B0000
#  include "pycore_frame.h"
#  include "pycore_code.h"
#  include "pycore_dict.h"
#endif
#if PY_VERSION_HEX >= 0x030C0000
#  include "pycore_long.h"
#endif
#if PY_VERSION_HEX >= 0x030E0000
#  include "pycore_debug_offsets.h"
#  include "pycore_interpframe.h"
#  include "pycore_stackref.h"
#endif

#define AT_LEAST(minor) (PY_VERSION_HEX >= (0x03000000 | ((minor) << 16)))

/* offsetof with the key spelled as "Type.member.path" */
#define OFF(T, m) emit(#T "." #m, (long long)offsetof(T, m))
/* offsetof with an explicit key, for struct tags and paths that go through ob_base */
#define OFFK(key, T, m) emit(key, (long long)offsetof(T, m))
#define SZ(T) emit("sizeof." #T, (long long)sizeof(T))
#define SZK(key, T) emit("sizeof." key, (long long)sizeof(T))
#define CONST(name) emit("const." #name, (long long)(name))

static void emit(const char *key, long long value) { printf("%s=%lld\n", key, value); }

/* Finds a bit field's shift and width by setting it to all ones in a zeroed copy of the struct. */
#define BITFIELD(key, T, word, field)                                                            \
    do {                                                                                         \
        T probe_;                                                                                \
        memset(&probe_, 0, sizeof probe_);                                                       \
        probe_.word.field -= 1; /* unsigned bit field: wraps from 0 to all ones */               \
        unsigned long long bits_ = 0;                                                            \
        memcpy(&bits_, (char *)&probe_ + offsetof(T, word),                                      \
               sizeof probe_.word < sizeof bits_ ? sizeof probe_.word : sizeof bits_);           \
        emit("bitfield." key ".shift", (long long)__builtin_ctzll(bits_));                       \
        emit("bitfield." key ".width", (long long)__builtin_popcountll(bits_));                  \
    } while (0)

#if !AT_LEAST(11)
/* Objects/dict-common.h, 3.8-3.10 */
typedef struct {
    Py_hash_t me_hash;
    PyObject *me_key;
    PyObject *me_value;
} PyDictKeyEntry;
struct _dictkeysobject {
    Py_ssize_t dk_refcnt;
    Py_ssize_t dk_size;
    void *dk_lookup;
    Py_ssize_t dk_usable;
    Py_ssize_t dk_nentries;
    char dk_indices[];
};
#endif

#if !AT_LEAST(10)
/* Objects/moduleobject.c, 3.8-3.9 */
typedef struct {
    PyObject_HEAD
    PyObject *md_dict;
    struct PyModuleDef *md_def;
    void *md_state;
    PyObject *md_weaklist;
    PyObject *md_name;
} PyModuleObject;
#endif

static void runtime_and_threads(void) {
    SZ(_PyRuntimeState);
    OFF(_PyRuntimeState, interpreters.head);
    OFF(_PyRuntimeState, interpreters.main);
    OFF(_PyRuntimeState, interpreters.next_id);
    OFF(_PyRuntimeState, main_thread);
#if !AT_LEAST(12)
    OFF(_PyRuntimeState, gilstate.tstate_current);
    OFF(_PyRuntimeState, ceval.gil);
#endif
#if !AT_LEAST(9)
    OFF(_PyRuntimeState, gc);
#endif
#if AT_LEAST(13)
    OFF(_PyRuntimeState, debug_offsets);
#endif

    SZ(PyInterpreterState);
    OFF(PyInterpreterState, next);
    OFF(PyInterpreterState, id);
#if AT_LEAST(11)
    OFF(PyInterpreterState, threads.head);
#  if AT_LEAST(13)
    OFF(PyInterpreterState, threads.main);
#  endif
#else
    OFF(PyInterpreterState, tstate_head);
#endif
#if AT_LEAST(9)
    OFF(PyInterpreterState, gc);
    OFF(PyInterpreterState, ceval);
#endif
#if AT_LEAST(12)
    OFF(PyInterpreterState, imports.modules);
    OFF(PyInterpreterState, ceval.gil);
    OFF(PyInterpreterState, _gil);
    OFF(PyInterpreterState, obmalloc);
    OFF(PyInterpreterState, cached_objects.interned_strings);
    OFF(PyInterpreterState, types);
#  ifdef _Py_MAX_STATIC_BUILTIN_TYPES
    CONST(_Py_MAX_STATIC_BUILTIN_TYPES);
#  endif
#  ifdef _Py_MAX_MANAGED_STATIC_BUILTIN_TYPES
    CONST(_Py_MAX_MANAGED_STATIC_BUILTIN_TYPES);
#  endif
#  if AT_LEAST(13)
    /* 3.12+ static builtin types keep tp_dict == NULL; their dicts live in this per-interp array */
    OFF(PyInterpreterState, types.builtins.num_initialized);
    OFF(PyInterpreterState, types.builtins.initialized);
    SZ(managed_static_type_state);
    OFF(managed_static_type_state, type);
    OFF(managed_static_type_state, tp_dict);
    OFF(managed_static_type_state, tp_subclasses);
#  else
    OFF(PyInterpreterState, types.num_builtins_initialized);
    OFF(PyInterpreterState, types.builtins);
    SZ(static_builtin_state);
    OFF(static_builtin_state, type);
    OFF(static_builtin_state, tp_dict);
    OFF(static_builtin_state, tp_subclasses);
#  endif
#else
    OFF(PyInterpreterState, modules);
#endif
    OFF(PyInterpreterState, sysdict);
    OFF(PyInterpreterState, builtins);
#if AT_LEAST(14)
    OFF(PyInterpreterState, _code_object_generation);
#endif

    SZ(PyThreadState);
    OFF(PyThreadState, prev);
    OFF(PyThreadState, next);
    OFF(PyThreadState, interp);
#if AT_LEAST(13)
    OFF(PyThreadState, current_frame);
#elif AT_LEAST(11)
    OFF(PyThreadState, cframe);
#endif
#if !AT_LEAST(11)
    OFF(PyThreadState, frame);
#endif
#if AT_LEAST(14)
    OFF(PyThreadState, holds_gil);
#endif
#if AT_LEAST(12)
    OFF(PyThreadState, _status);
    BITFIELD("PyThreadState._status.initialized", PyThreadState, _status, initialized);
    BITFIELD("PyThreadState._status.bound", PyThreadState, _status, bound);
    BITFIELD("PyThreadState._status.active", PyThreadState, _status, active);
    BITFIELD("PyThreadState._status.finalizing", PyThreadState, _status, finalizing);
#endif
#if AT_LEAST(13) && !AT_LEAST(14)
    BITFIELD("PyThreadState._status.holds_gil", PyThreadState, _status, holds_gil);
#endif
    OFF(PyThreadState, dict);
    OFF(PyThreadState, thread_id);
#if AT_LEAST(11)
    OFF(PyThreadState, native_thread_id);
    OFF(PyThreadState, datastack_chunk);
    OFF(PyThreadState, datastack_top);
    OFF(PyThreadState, datastack_limit);
#endif
    OFF(PyThreadState, context);
    OFF(PyThreadState, id);

#if AT_LEAST(11) && !AT_LEAST(13)
    SZ(_PyCFrame);
    OFF(_PyCFrame, current_frame);
    OFF(_PyCFrame, previous);
#endif
#if AT_LEAST(11)
    SZ(_PyStackChunk);
    OFF(_PyStackChunk, previous);
    OFF(_PyStackChunk, size);
    OFF(_PyStackChunk, top);
    OFF(_PyStackChunk, data);
#endif

    SZK("_gil_runtime_state", struct _gil_runtime_state);
    OFFK("_gil_runtime_state.locked", struct _gil_runtime_state, locked);
    OFFK("_gil_runtime_state.last_holder", struct _gil_runtime_state, last_holder);
    OFFK("_gil_runtime_state.switch_number", struct _gil_runtime_state, switch_number);
#ifdef Py_GIL_DISABLED
    OFFK("_gil_runtime_state.enabled", struct _gil_runtime_state, enabled);
#endif
}

static void frames_and_code(void) {
#if AT_LEAST(11)
    SZ(_PyInterpreterFrame);
    OFF(_PyInterpreterFrame, previous);
    OFF(_PyInterpreterFrame, f_globals);
    OFF(_PyInterpreterFrame, f_builtins);
    OFF(_PyInterpreterFrame, f_locals);
    OFF(_PyInterpreterFrame, frame_obj);
    OFF(_PyInterpreterFrame, owner);
    OFF(_PyInterpreterFrame, localsplus);
#  if AT_LEAST(13)
    OFF(_PyInterpreterFrame, f_executable);
    OFF(_PyInterpreterFrame, instr_ptr);
#  else
    OFF(_PyInterpreterFrame, f_code);
    OFF(_PyInterpreterFrame, prev_instr);
#  endif
#  if AT_LEAST(12)
    OFF(_PyInterpreterFrame, f_funcobj);
    OFF(_PyInterpreterFrame, return_offset);
#  else
    OFF(_PyInterpreterFrame, f_func);
    OFF(_PyInterpreterFrame, is_entry);
#  endif
#  if AT_LEAST(14)
    OFF(_PyInterpreterFrame, stackpointer);
#  else
    OFF(_PyInterpreterFrame, stacktop);
#  endif
    CONST(FRAME_OWNED_BY_THREAD);
    CONST(FRAME_OWNED_BY_GENERATOR);
    CONST(FRAME_OWNED_BY_FRAME_OBJECT);
#  if AT_LEAST(12) && !AT_LEAST(15)
    CONST(FRAME_OWNED_BY_CSTACK);
#  endif
#  if AT_LEAST(14)
    CONST(FRAME_OWNED_BY_INTERPRETER);
#  endif
#  if defined(Py_TAG_BITS)
    CONST(Py_TAG_BITS);
#  endif
#  if defined(Py_TAG_REFCNT)
    CONST(Py_TAG_REFCNT);
#  endif
#  if defined(Py_INT_TAG)
    CONST(Py_INT_TAG);
#  endif
    CONST(FRAME_CREATED);
    CONST(FRAME_SUSPENDED);
    CONST(FRAME_EXECUTING);
    CONST(FRAME_CLEARED);
#  if AT_LEAST(15)
    CONST(FRAME_SUSPENDED_YIELD_FROM);
    CONST(FRAME_SUSPENDED_YIELD_FROM_LOCKED);
#  else
    CONST(FRAME_COMPLETED);
#  endif
#endif

    /* the frame object: the whole frame on <= 3.10, a wrapper around _PyInterpreterFrame after */
    SZ(PyFrameObject);
    OFF(PyFrameObject, f_back);
#if AT_LEAST(11)
    OFF(PyFrameObject, f_frame);
#else
    OFF(PyFrameObject, f_code);
    OFF(PyFrameObject, f_lasti);
    OFF(PyFrameObject, f_globals);
    OFF(PyFrameObject, f_locals);
    OFF(PyFrameObject, f_builtins);
    OFF(PyFrameObject, f_valuestack);
    OFF(PyFrameObject, f_localsplus);
#endif
    OFF(PyFrameObject, f_lineno);

    SZ(PyCodeObject);
    OFFK("PyCodeObject.ob_size", PyCodeObject, ob_base);
    OFF(PyCodeObject, co_argcount);
    OFF(PyCodeObject, co_posonlyargcount);
    OFF(PyCodeObject, co_kwonlyargcount);
    OFF(PyCodeObject, co_flags);
    OFF(PyCodeObject, co_firstlineno);
    OFF(PyCodeObject, co_consts);
    OFF(PyCodeObject, co_names);
    OFF(PyCodeObject, co_filename);
    OFF(PyCodeObject, co_name);
#if AT_LEAST(11)
    OFF(PyCodeObject, co_qualname);
    OFF(PyCodeObject, co_exceptiontable);
    OFF(PyCodeObject, co_localsplusnames);
    OFF(PyCodeObject, co_localspluskinds);
    OFF(PyCodeObject, co_nlocalsplus);
#  if AT_LEAST(12)
    OFF(PyCodeObject, co_framesize);
    OFF(PyCodeObject, co_version);
#  endif
    OFF(PyCodeObject, co_code_adaptive);
#else
    OFF(PyCodeObject, co_code);
    OFF(PyCodeObject, co_nlocals);
    OFF(PyCodeObject, co_varnames);
    OFF(PyCodeObject, co_freevars);
    OFF(PyCodeObject, co_cellvars);
#endif
#if AT_LEAST(10)
    OFF(PyCodeObject, co_linetable);
#else
    OFF(PyCodeObject, co_lnotab);
#endif
}

static void objects(void) {
    SZ(PyObject);
    OFF(PyObject, ob_refcnt);
    OFF(PyObject, ob_type);
    SZ(PyVarObject);
    OFF(PyVarObject, ob_size);

    SZ(PyTypeObject);
    OFF(PyTypeObject, tp_name);
    OFF(PyTypeObject, tp_basicsize);
    OFF(PyTypeObject, tp_itemsize);
    OFF(PyTypeObject, tp_dealloc);
    OFF(PyTypeObject, tp_repr);
    OFF(PyTypeObject, tp_flags);
    OFF(PyTypeObject, tp_traverse);
    OFF(PyTypeObject, tp_base);
    OFF(PyTypeObject, tp_dict);
    OFF(PyTypeObject, tp_dictoffset);
    OFF(PyTypeObject, tp_bases);
    OFF(PyTypeObject, tp_mro);
    OFF(PyTypeObject, tp_subclasses);
    OFF(PyTypeObject, tp_weaklistoffset);
    OFF(PyTypeObject, tp_version_tag);
    SZ(PyHeapTypeObject);
    OFF(PyHeapTypeObject, ht_name);
    OFF(PyHeapTypeObject, ht_slots);
    OFF(PyHeapTypeObject, ht_qualname);
    OFF(PyHeapTypeObject, ht_cached_keys);
#if AT_LEAST(9)
    OFF(PyHeapTypeObject, ht_module);
#endif
    SZ(PyMemberDef);
    OFF(PyMemberDef, name);
    OFF(PyMemberDef, type);
    OFF(PyMemberDef, offset);
    OFF(PyMemberDef, flags);

    SZ(PyASCIIObject);
    SZ(PyCompactUnicodeObject);
    SZ(PyUnicodeObject);
    OFFK("PyASCIIObject.length", PyASCIIObject, length);
    OFF(PyASCIIObject, hash);
    OFF(PyASCIIObject, state);
#if !AT_LEAST(12)
    OFF(PyASCIIObject, wstr);
    OFF(PyCompactUnicodeObject, wstr_length);
#endif
    OFF(PyCompactUnicodeObject, utf8_length);
    OFF(PyCompactUnicodeObject, utf8);
    OFF(PyUnicodeObject, data);
    BITFIELD("PyASCIIObject.state.interned", PyASCIIObject, state, interned);
    BITFIELD("PyASCIIObject.state.kind", PyASCIIObject, state, kind);
    BITFIELD("PyASCIIObject.state.compact", PyASCIIObject, state, compact);
    BITFIELD("PyASCIIObject.state.ascii", PyASCIIObject, state, ascii);
#if !AT_LEAST(12)
    BITFIELD("PyASCIIObject.state.ready", PyASCIIObject, state, ready);
#endif
#if AT_LEAST(12)
    BITFIELD("PyASCIIObject.state.statically_allocated", PyASCIIObject, state, statically_allocated);
#endif
    CONST(PyUnicode_1BYTE_KIND);
    CONST(PyUnicode_2BYTE_KIND);
    CONST(PyUnicode_4BYTE_KIND);

    SZ(PyBytesObject);
    OFFK("PyBytesObject.ob_size", PyBytesObject, ob_base.ob_size);
    OFF(PyBytesObject, ob_shash);
    OFF(PyBytesObject, ob_sval);
    SZ(PyByteArrayObject);
    OFFK("PyByteArrayObject.ob_size", PyByteArrayObject, ob_base.ob_size);
    OFF(PyByteArrayObject, ob_alloc);
    OFF(PyByteArrayObject, ob_bytes);
    OFF(PyByteArrayObject, ob_start);
    OFF(PyByteArrayObject, ob_exports);
#if AT_LEAST(15)
    OFF(PyByteArrayObject, ob_bytes_object);
#endif

    SZ(PyFloatObject);
    OFF(PyFloatObject, ob_fval);
    SZ(PyComplexObject);
    OFF(PyComplexObject, cval);

    SZ(PyLongObject);
    SZ(digit);
    CONST(PyLong_SHIFT);
#if AT_LEAST(12)
    OFF(PyLongObject, long_value.lv_tag);
    OFF(PyLongObject, long_value.ob_digit);
    CONST(_PyLong_NON_SIZE_BITS);
    CONST(SIGN_MASK);
    CONST(SIGN_ZERO);
    CONST(SIGN_NEGATIVE);
#else
    OFFK("PyLongObject.ob_size", PyLongObject, ob_base.ob_size);
    OFF(PyLongObject, ob_digit);
#endif

    SZ(PyTupleObject);
    OFFK("PyTupleObject.ob_size", PyTupleObject, ob_base.ob_size);
    OFF(PyTupleObject, ob_item);
    SZ(PyListObject);
    OFFK("PyListObject.ob_size", PyListObject, ob_base.ob_size);
    OFF(PyListObject, ob_item);
    OFF(PyListObject, allocated);

    SZ(PyDictObject);
    OFF(PyDictObject, ma_used);
    OFF(PyDictObject, ma_keys);
    OFF(PyDictObject, ma_values);
    SZ(PyDictKeysObject);
    OFF(PyDictKeysObject, dk_refcnt);
    OFF(PyDictKeysObject, dk_usable);
    OFF(PyDictKeysObject, dk_nentries);
    OFF(PyDictKeysObject, dk_indices);
    SZ(PyDictKeyEntry);
    OFF(PyDictKeyEntry, me_hash);
    OFF(PyDictKeyEntry, me_key);
    OFF(PyDictKeyEntry, me_value);
#if AT_LEAST(11)
    OFF(PyDictKeysObject, dk_log2_size);
    OFF(PyDictKeysObject, dk_log2_index_bytes);
    OFF(PyDictKeysObject, dk_kind);
    OFF(PyDictKeysObject, dk_version);
    SZ(PyDictUnicodeEntry);
    OFF(PyDictUnicodeEntry, me_key);
    OFF(PyDictUnicodeEntry, me_value);
    CONST(DICT_KEYS_GENERAL);
    CONST(DICT_KEYS_UNICODE);
    CONST(DICT_KEYS_SPLIT);
    SZ(PyDictValues);
    OFF(PyDictValues, values);
#  if AT_LEAST(13)
    OFF(PyDictValues, capacity);
    OFF(PyDictValues, size);
    OFF(PyDictValues, embedded);
    OFF(PyDictValues, valid);
#  endif
#else
    OFF(PyDictKeysObject, dk_size);
    OFF(PyDictKeysObject, dk_lookup);
#endif

    SZ(PySetObject);
    OFF(PySetObject, fill);
    OFF(PySetObject, used);
    OFF(PySetObject, mask);
    OFF(PySetObject, table);
    OFF(PySetObject, hash);
    OFF(PySetObject, finger);
    OFF(PySetObject, smalltable);
    OFF(PySetObject, weakreflist);
    CONST(PySet_MINSIZE);
    SZ(setentry);
    OFF(setentry, key);
    OFF(setentry, hash);

    SZ(PyModuleObject);
    OFF(PyModuleObject, md_dict);
#if AT_LEAST(15)
    OFF(PyModuleObject, md_token);
#else
    OFF(PyModuleObject, md_def);
#endif
    OFF(PyModuleObject, md_state);
    OFF(PyModuleObject, md_weaklist);
    OFF(PyModuleObject, md_name);

    SZ(PyFunctionObject);
    OFF(PyFunctionObject, func_code);
    OFF(PyFunctionObject, func_globals);
#if AT_LEAST(10)
    OFF(PyFunctionObject, func_builtins);
#endif
    OFF(PyFunctionObject, func_name);
    OFF(PyFunctionObject, func_qualname);
    OFF(PyFunctionObject, func_defaults);
    OFF(PyFunctionObject, func_kwdefaults);
    OFF(PyFunctionObject, func_closure);
    OFF(PyFunctionObject, func_doc);
    OFF(PyFunctionObject, func_dict);
    OFF(PyFunctionObject, func_weakreflist);
    OFF(PyFunctionObject, func_module);
    OFF(PyFunctionObject, func_annotations);
#if AT_LEAST(12)
    OFF(PyFunctionObject, func_typeparams);
#endif

    SZ(PyCellObject);
    OFF(PyCellObject, ob_ref);
    SZ(PyMethodObject);
    OFF(PyMethodObject, im_func);
    OFF(PyMethodObject, im_self);
    SZ(PyCFunctionObject);
    OFF(PyCFunctionObject, m_ml);
    OFF(PyCFunctionObject, m_self);
    OFF(PyCFunctionObject, m_module);

    SZ(PyGenObject);
    OFF(PyGenObject, gi_name);
    OFF(PyGenObject, gi_qualname);
#if AT_LEAST(11)
    OFF(PyGenObject, gi_iframe);
    OFF(PyGenObject, gi_frame_state);
#else
    OFF(PyGenObject, gi_frame);
    OFF(PyGenObject, gi_code);
#endif
}

static void gc(void) {
    SZ(PyGC_Head);
    OFF(PyGC_Head, _gc_next);
    OFF(PyGC_Head, _gc_prev);
    CONST(_PyGC_PREV_MASK_FINALIZED);
    CONST(_PyGC_PREV_MASK_COLLECTING);
    CONST(_PyGC_PREV_SHIFT);
#if defined(_PyGC_NEXT_MASK_OLD_SPACE_1)
    CONST(_PyGC_NEXT_MASK_OLD_SPACE_1);
#endif
    CONST(NUM_GENERATIONS);

    SZK("_gc_runtime_state", struct _gc_runtime_state);
    SZK("gc_generation", struct gc_generation);
    OFFK("gc_generation.head", struct gc_generation, head);
    OFFK("gc_generation.threshold", struct gc_generation, threshold);
    OFFK("gc_generation.count", struct gc_generation, count);
#if !AT_LEAST(15)
    SZK("gc_generation_stats", struct gc_generation_stats);
    OFFK("_gc_runtime_state.trash_delete_later", struct _gc_runtime_state, trash_delete_later);
    OFFK("_gc_runtime_state.trash_delete_nesting", struct _gc_runtime_state, trash_delete_nesting);
#endif
    OFFK("_gc_runtime_state.enabled", struct _gc_runtime_state, enabled);
    OFFK("_gc_runtime_state.debug", struct _gc_runtime_state, debug);
    OFFK("_gc_runtime_state.generations", struct _gc_runtime_state, generations);
    OFFK("_gc_runtime_state.generations.0.head", struct _gc_runtime_state, generations[0].head);
    OFFK("_gc_runtime_state.generations.1.head", struct _gc_runtime_state, generations[1].head);
    OFFK("_gc_runtime_state.generations.2.head", struct _gc_runtime_state, generations[2].head);
    OFFK("_gc_runtime_state.generation0", struct _gc_runtime_state, generation0);
    OFFK("_gc_runtime_state.permanent_generation", struct _gc_runtime_state, permanent_generation);
    OFFK("_gc_runtime_state.permanent_generation.head", struct _gc_runtime_state, permanent_generation.head);
    OFFK("_gc_runtime_state.generation_stats", struct _gc_runtime_state, generation_stats);
    OFFK("_gc_runtime_state.collecting", struct _gc_runtime_state, collecting);
    OFFK("_gc_runtime_state.garbage", struct _gc_runtime_state, garbage);
    OFFK("_gc_runtime_state.callbacks", struct _gc_runtime_state, callbacks);
    OFFK("_gc_runtime_state.long_lived_total", struct _gc_runtime_state, long_lived_total);
    OFFK("_gc_runtime_state.long_lived_pending", struct _gc_runtime_state, long_lived_pending);
#if AT_LEAST(14)
    OFFK("_gc_runtime_state.heap_size", struct _gc_runtime_state, heap_size);
#endif
}

static void constants(void) {
    CONST(PY_VERSION_HEX);
    emit("const.SIZEOF_VOID_P", (long long)sizeof(void *));
#ifdef Py_GIL_DISABLED
    emit("const.Py_GIL_DISABLED", 1);
#else
    emit("const.Py_GIL_DISABLED", 0);
#endif
#ifdef _Py_JIT
    emit("const._Py_JIT", 1);
#else
    emit("const._Py_JIT", 0);
#endif
#ifdef _Py_TIER2
    CONST(_Py_TIER2);
#else
    emit("const._Py_TIER2", 0);
#endif
#ifdef Py_TRACE_REFS
    emit("const.Py_TRACE_REFS", 1);
#else
    emit("const.Py_TRACE_REFS", 0);
#endif
    CONST(Py_TPFLAGS_HEAPTYPE);
    CONST(Py_TPFLAGS_HAVE_GC);
    CONST(Py_TPFLAGS_BASETYPE);
    CONST(Py_TPFLAGS_READY);
    CONST(Py_TPFLAGS_LONG_SUBCLASS);
    CONST(Py_TPFLAGS_LIST_SUBCLASS);
    CONST(Py_TPFLAGS_TUPLE_SUBCLASS);
    CONST(Py_TPFLAGS_BYTES_SUBCLASS);
    CONST(Py_TPFLAGS_UNICODE_SUBCLASS);
    CONST(Py_TPFLAGS_DICT_SUBCLASS);
    CONST(Py_TPFLAGS_BASE_EXC_SUBCLASS);
    CONST(Py_TPFLAGS_TYPE_SUBCLASS);
#if AT_LEAST(11)
    CONST(Py_TPFLAGS_MANAGED_DICT);
#endif
#if AT_LEAST(12)
    CONST(Py_TPFLAGS_MANAGED_WEAKREF);
#endif
#ifdef _Py_IMMORTAL_REFCNT
    CONST(_Py_IMMORTAL_REFCNT);
#endif
#ifdef _Py_IMMORTAL_INITIAL_REFCNT
    CONST(_Py_IMMORTAL_INITIAL_REFCNT);
    CONST(_Py_IMMORTAL_MINIMUM_REFCNT);
#endif
#ifdef _Py_STATICALLY_ALLOCATED_FLAG
    CONST(_Py_STATICALLY_ALLOCATED_FLAG);
#endif
#if AT_LEAST(13)
    CONST(Py_TPFLAGS_INLINE_VALUES);
#endif
    CONST(SSTATE_NOT_INTERNED);
    CONST(SSTATE_INTERNED_MORTAL);
    CONST(SSTATE_INTERNED_IMMORTAL);
}

#ifdef PYROMETER_DEBUG_OFFSETS_FIELDS
/* one DEBUG_OFFSET(path) line per field of struct _Py_DebugOffsets, extracted from the header */
#  define DEBUG_OFFSET(path) OFFK("_Py_DebugOffsets." #path, _Py_DebugOffsets, path)
static void debug_offsets(void) {
    SZ(_Py_DebugOffsets);
#  include PYROMETER_DEBUG_OFFSETS_FIELDS
}
#endif

int main(void) {
    runtime_and_threads();
    frames_and_code();
    objects();
    gc();
    constants();
#ifdef PYROMETER_DEBUG_OFFSETS_FIELDS
    debug_offsets();
#endif
    return 0;
}
