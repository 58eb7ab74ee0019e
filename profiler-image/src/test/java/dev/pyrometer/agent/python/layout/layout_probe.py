"""Checks a generated layout table against the interpreter that runs this script.

Reads the table (key=value lines) on stdin, reads this process's own memory through ctypes at the
table's offsets and prints one line per check: "check<TAB>name<TAB>expected<TAB>actual", where
expected comes from Python's own introspection (id(), sys.getsizeof, __basicsize__, ...). For 3.13+
it also prints "blob<TAB>key<TAB>value" for every u64 field of the runtime's _Py_DebugOffsets, read
at the positions the table gives. Runs unchanged on CPython 3.8 to 3.15.
"""
import builtins
import ctypes
import gc
import struct
import sys
import threading
import types

L = {}
for line in sys.stdin.read().splitlines():
    if line and not line.startswith("#") and "=" in line:
        key, value = line.split("=", 1)
        if key != "source.version":
            L[key] = int(value)


def has(key):
    return key in L


def u64(addr):
    return ctypes.c_uint64.from_address(addr).value


def i64(addr):
    return ctypes.c_int64.from_address(addr).value


def i32(addr):
    return ctypes.c_int32.from_address(addr).value


def u32(addr):
    return ctypes.c_uint32.from_address(addr).value


def i8(addr):
    return ctypes.c_int8.from_address(addr).value


def f64(addr):
    return struct.unpack("d", ctypes.string_at(addr, 8))[0]


def check(name, expected, actual):
    print("check\t%s\t%r\t%r" % (name, expected, actual))


def first(*keys):
    for key in keys:
        if key in L:
            return L[key]
    raise KeyError(" or ".join(keys))


def bits(word, field):
    shift = L["bitfield.%s.shift" % field]
    width = L["bitfield.%s.width" % field]
    return (word >> shift) & ((1 << width) - 1)


def sizes():
    check("version major.minor", sys.hexversion >> 16, L["const.PY_VERSION_HEX"] >> 16)
    check("getsizeof('') is sizeof(PyASCIIObject) + 1", sys.getsizeof(""), L["sizeof.PyASCIIObject"] + 1)
    check("getsizeof(latin-1 str)", sys.getsizeof("\xe9\xe9\xe9"), L["sizeof.PyCompactUnicodeObject"] + 4)
    check("getsizeof(b'')", sys.getsizeof(b""), L["PyBytesObject.ob_sval"] + 1)
    check("getsizeof([])", sys.getsizeof([]), L["sizeof.PyListObject"] + L["sizeof.PyGC_Head"])
    check("str basicsize", str.__basicsize__, L["sizeof.PyUnicodeObject"])
    check("bytes basicsize", bytes.__basicsize__, L["PyBytesObject.ob_sval"] + 1)
    check("tuple basicsize", tuple.__basicsize__, L["PyTupleObject.ob_item"])
    check("tuple itemsize", tuple.__itemsize__, L["const.SIZEOF_VOID_P"])
    check("list basicsize", list.__basicsize__, L["sizeof.PyListObject"])
    check("dict basicsize", dict.__basicsize__, L["sizeof.PyDictObject"])
    check("set basicsize", set.__basicsize__, L["sizeof.PySetObject"])
    check("float basicsize", float.__basicsize__, L["sizeof.PyFloatObject"])
    check("complex basicsize", complex.__basicsize__, L["sizeof.PyComplexObject"])
    check("bytearray basicsize", bytearray.__basicsize__, L["sizeof.PyByteArrayObject"])
    check("int basicsize", int.__basicsize__, first("PyLongObject.long_value.ob_digit", "PyLongObject.ob_digit"))
    check("int itemsize", int.__itemsize__, L["sizeof.digit"])
    check("type basicsize", type.__basicsize__, L["sizeof.PyHeapTypeObject"])
    check("function basicsize", types.FunctionType.__basicsize__, L["sizeof.PyFunctionObject"])
    check("module basicsize", types.ModuleType.__basicsize__, L["sizeof.PyModuleObject"])
    check("cell basicsize", types.CellType.__basicsize__, L["sizeof.PyCellObject"])
    check("method basicsize", types.MethodType.__basicsize__, L["sizeof.PyMethodObject"])
    code_size = L["PyCodeObject.co_code_adaptive"] if has("PyCodeObject.co_code_adaptive") else L["sizeof.PyCodeObject"]
    check("code basicsize", types.CodeType.__basicsize__, code_size)
    check("function __dictoffset__", types.FunctionType.__dictoffset__, L["PyFunctionObject.func_dict"])
    check("function __weakrefoffset__", types.FunctionType.__weakrefoffset__, L["PyFunctionObject.func_weakreflist"])
    check("module __dictoffset__", types.ModuleType.__dictoffset__, L["PyModuleObject.md_dict"])
    check("module __weakrefoffset__", types.ModuleType.__weakrefoffset__, L["PyModuleObject.md_weaklist"])
    check("type __dictoffset__", type.__dictoffset__, L["PyTypeObject.tp_dict"])
    check("set __weakrefoffset__", set.__weakrefoffset__, L["PySetObject.weakreflist"])


def type_flags():
    class Plain:
        pass

    def flag(name):
        return L["const." + name]

    check("heap type flag on a class", True, bool(Plain.__flags__ & flag("Py_TPFLAGS_HEAPTYPE")))
    check("heap type flag on int", False, bool(int.__flags__ & flag("Py_TPFLAGS_HEAPTYPE")))
    check("GC flag on list", True, bool(list.__flags__ & flag("Py_TPFLAGS_HAVE_GC")))
    check("GC flag on str", False, bool(str.__flags__ & flag("Py_TPFLAGS_HAVE_GC")))
    for tp, name in ((int, "LONG"), (list, "LIST"), (tuple, "TUPLE"), (bytes, "BYTES"), (str, "UNICODE"),
                     (dict, "DICT"), (BaseException, "BASE_EXC"), (type, "TYPE")):
        check("%s subclass flag" % tp.__name__, True, bool(tp.__flags__ & flag("Py_TPFLAGS_%s_SUBCLASS" % name)))
    if has("const.Py_TPFLAGS_MANAGED_DICT"):
        check("managed dict flag on a plain class", True, bool(Plain.__flags__ & flag("Py_TPFLAGS_MANAGED_DICT")))
    if has("const.Py_TPFLAGS_INLINE_VALUES"):
        check("inline values flag on a plain class", True, bool(Plain.__flags__ & flag("Py_TPFLAGS_INLINE_VALUES")))


def types_in_memory():
    class Sample:
        pass

    class Slotted:
        __slots__ = ("first", "second")

    T = lambda m: L["PyTypeObject." + m]
    instance = Sample()
    check("ob_type", id(Sample), u64(id(instance) + L["PyObject.ob_type"]))
    check("tp_name", b"int", ctypes.string_at(u64(id(int) + T("tp_name"))))
    check("tp_flags", list.__flags__, u64(id(list) + T("tp_flags")))
    check("tp_basicsize", list.__basicsize__, i64(id(list) + T("tp_basicsize")))
    check("tp_itemsize", tuple.__itemsize__, i64(id(tuple) + T("tp_itemsize")))
    check("tp_base", id(int), u64(id(bool) + T("tp_base")))
    check("tp_mro", id(bool.__mro__), u64(id(bool) + T("tp_mro")))
    check("tp_bases", id(Sample.__bases__), u64(id(Sample) + T("tp_bases")))
    check("tp_dictoffset", Sample.__dictoffset__, i64(id(Sample) + T("tp_dictoffset")))
    check("tp_weaklistoffset", Sample.__weakrefoffset__, i64(id(Sample) + T("tp_weaklistoffset")))
    check("tp_dict is a dict", id(dict), u64(u64(id(Sample) + T("tp_dict")) + L["PyObject.ob_type"]))
    check("ht_name", id(Sample.__name__), u64(id(Sample) + L["PyHeapTypeObject.ht_name"]))
    check("ht_qualname", id(Sample.__qualname__), u64(id(Sample) + L["PyHeapTypeObject.ht_qualname"]))
    members = id(Slotted) + type.__basicsize__
    member_size = L["sizeof.PyMemberDef"]
    check("PyMemberDef[0].name", b"first", ctypes.string_at(u64(members + L["PyMemberDef.name"])))
    check("PyMemberDef[1].name", b"second", ctypes.string_at(u64(members + member_size + L["PyMemberDef.name"])))
    check("PyMemberDef offsets one slot apart", 8,
          i64(members + member_size + L["PyMemberDef.offset"]) - i64(members + L["PyMemberDef.offset"]))


def containers():
    first_item, second_item = object(), object()
    tup = (first_item, second_item)
    check("PyVarObject.ob_size of a tuple", 2, i64(id(tup) + L["PyVarObject.ob_size"]))
    check("tuple ob_item[1]", id(second_item), u64(id(tup) + L["PyTupleObject.ob_item"] + 8))
    lst = [first_item, second_item, tup]
    check("list ob_size", 3, i64(id(lst) + L["PyListObject.ob_size"]))
    check("list ob_item[2]", id(tup), u64(u64(id(lst) + L["PyListObject.ob_item"]) + 16))
    check("list allocated covers ob_size", True, i64(id(lst) + L["PyListObject.allocated"]) >= 3)

    key_one, key_two, value_one = "pyrometer-key-1", "pyrometer-key-2", object()
    d = {key_one: value_one, key_two: first_item}
    check("dict ma_used", 2, i64(id(d) + L["PyDictObject.ma_used"]))
    check("dict ma_values of a combined dict", 0, u64(id(d) + L["PyDictObject.ma_values"]))
    keys = u64(id(d) + L["PyDictObject.ma_keys"])
    check("dict keys dk_nentries", 2, i64(keys + L["PyDictKeysObject.dk_nentries"]))
    check("dict keys dk_refcnt", 1, i64(keys + L["PyDictKeysObject.dk_refcnt"]))
    generic_key = 424242
    gd = {generic_key: value_one}
    generic_keys = u64(id(gd) + L["PyDictObject.ma_keys"])
    if has("PyDictKeysObject.dk_size"):
        size = i64(keys + L["PyDictKeysObject.dk_size"])
        check("dict keys dk_size of a small dict", 8, size)
        entries = keys + L["PyDictKeysObject.dk_indices"] + size  # 1-byte indices below 256 slots
        entry_size, key_at, value_at = L["sizeof.PyDictKeyEntry"], L["PyDictKeyEntry.me_key"], L["PyDictKeyEntry.me_value"]
        generic_entries = generic_keys + L["PyDictKeysObject.dk_indices"] + 8
    else:
        log2_size = ctypes.c_uint8.from_address(keys + L["PyDictKeysObject.dk_log2_size"]).value
        log2_index_bytes = ctypes.c_uint8.from_address(keys + L["PyDictKeysObject.dk_log2_index_bytes"]).value
        kind = ctypes.c_uint8.from_address(keys + L["PyDictKeysObject.dk_kind"]).value
        check("dict keys size of a small dict", 8, 1 << log2_size)
        check("dict keys kind of a str-keyed dict", L["const.DICT_KEYS_UNICODE"], kind)
        check("dict keys kind of an int-keyed dict", L["const.DICT_KEYS_GENERAL"],
              ctypes.c_uint8.from_address(generic_keys + L["PyDictKeysObject.dk_kind"]).value)
        entries = keys + L["PyDictKeysObject.dk_indices"] + (1 << log2_index_bytes)
        entry_size, key_at, value_at = L["sizeof.PyDictUnicodeEntry"], L["PyDictUnicodeEntry.me_key"], L["PyDictUnicodeEntry.me_value"]
        generic_log2 = ctypes.c_uint8.from_address(generic_keys + L["PyDictKeysObject.dk_log2_index_bytes"]).value
        generic_entries = generic_keys + L["PyDictKeysObject.dk_indices"] + (1 << generic_log2)
    check("dict entry[0] key", id(key_one), u64(entries + key_at))
    check("dict entry[0] value", id(value_one), u64(entries + value_at))
    check("dict entry[1] key", id(key_two), u64(entries + entry_size + key_at))
    check("general dict entry key", id(generic_key), u64(generic_entries + L["PyDictKeyEntry.me_key"]))
    check("general dict entry hash", hash(generic_key), i64(generic_entries + L["PyDictKeyEntry.me_hash"]))

    members = [object(), object(), object()]
    s = set(members)
    check("set used", 3, i64(id(s) + L["PySetObject.used"]))
    check("set fill", 3, i64(id(s) + L["PySetObject.fill"]))
    check("set mask of a small set", L["const.PySet_MINSIZE"] - 1, i64(id(s) + L["PySetObject.mask"]))
    table = u64(id(s) + L["PySetObject.table"])
    check("small set table is smalltable", id(s) + L["PySetObject.smalltable"], table)
    found = {}
    for i in range(L["const.PySet_MINSIZE"]):
        entry = table + i * L["sizeof.setentry"]
        key = u64(entry + L["setentry.key"])
        if key:
            found[key] = i64(entry + L["setentry.hash"])
    check("set table keys", sorted(id(m) for m in members), sorted(found))
    check("set table hashes", sorted(hash(m) for m in members), sorted(found.values()))


def scalars():
    text = "pyrometer ascii text"
    hash(text)
    state = u32(id(text) + L["PyASCIIObject.state"])
    check("str length", len(text), i64(id(text) + L["PyASCIIObject.length"]))
    check("str hash", hash(text), i64(id(text) + L["PyASCIIObject.hash"]))
    check("ascii str kind", L["const.PyUnicode_1BYTE_KIND"], bits(state, "PyASCIIObject.state.kind"))
    check("ascii str compact", 1, bits(state, "PyASCIIObject.state.compact"))
    check("ascii str ascii", 1, bits(state, "PyASCIIObject.state.ascii"))
    check("ascii str data", text.encode(), ctypes.string_at(id(text) + L["sizeof.PyASCIIObject"], len(text)))
    latin = "caf\xe9 cr\xe8me " + str(len(text))
    state = u32(id(latin) + L["PyASCIIObject.state"])
    check("latin-1 str ascii bit", 0, bits(state, "PyASCIIObject.state.ascii"))
    check("latin-1 str data", latin.encode("latin-1"),
          ctypes.string_at(id(latin) + L["sizeof.PyCompactUnicodeObject"], len(latin)))
    wide = "\u65e5\u672c" + str(len(text))
    state = u32(id(wide) + L["PyASCIIObject.state"])
    check("UCS-2 str kind", L["const.PyUnicode_2BYTE_KIND"], bits(state, "PyASCIIObject.state.kind"))
    check("UCS-2 str data", wide.encode("utf-16-le"),
          ctypes.string_at(id(wide) + L["sizeof.PyCompactUnicodeObject"], 2 * len(wide)))

    data = b"pyrometer bytes"
    check("bytes ob_size", len(data), i64(id(data) + L["PyBytesObject.ob_size"]))
    check("bytes ob_sval", data, ctypes.string_at(id(data) + L["PyBytesObject.ob_sval"], len(data)))
    buffer = bytearray(b"abc")
    check("bytearray ob_size", 3, i64(id(buffer) + L["PyByteArrayObject.ob_size"]))
    check("bytearray ob_bytes", b"abc", ctypes.string_at(u64(id(buffer) + L["PyByteArrayObject.ob_bytes"]), 3))
    check("bytearray ob_start", u64(id(buffer) + L["PyByteArrayObject.ob_bytes"]),
          u64(id(buffer) + L["PyByteArrayObject.ob_start"]))
    check("bytearray ob_alloc", True, i64(id(buffer) + L["PyByteArrayObject.ob_alloc"]) >= 3)

    number = 2.5 + len(text)
    check("float ob_fval", number, f64(id(number) + L["PyFloatObject.ob_fval"]))
    z = complex(1.5, -len(text))
    check("complex cval", (z.real, z.imag),
          (f64(id(z) + L["PyComplexObject.cval"]), f64(id(z) + L["PyComplexObject.cval"] + 8)))

    big = (1 << 40) + len(text)
    shift, digit = L["const.PyLong_SHIFT"], L["sizeof.digit"]
    if has("PyLongObject.long_value.lv_tag"):
        tag_at, digits_at = L["PyLongObject.long_value.lv_tag"], L["PyLongObject.long_value.ob_digit"]
        non_size = L["const._PyLong_NON_SIZE_BITS"]
        check("int digit count", 2, u64(id(big) + tag_at) >> non_size)
        check("negative int sign", L["const.SIGN_NEGATIVE"], u64(id(-big) + tag_at) & L["const.SIGN_MASK"])
        zero = int("0")
        check("zero int sign", L["const.SIGN_ZERO"], u64(id(zero) + tag_at) & L["const.SIGN_MASK"])
    else:
        digits_at = L["PyLongObject.ob_digit"]
        check("int ob_size", 2, i64(id(big) + L["PyLongObject.ob_size"]))
        check("negative int ob_size", -2, i64(id(-big) + L["PyLongObject.ob_size"]))
    value = u32(id(big) + digits_at) | (u32(id(big) + digits_at + digit) << shift)
    check("int digits", big, value)

    thing = object()
    refcnt = u32(id(thing) + L["PyObject.ob_refcnt"])
    check("ob_refcnt", True, refcnt in (sys.getrefcount(thing) - 1, sys.getrefcount(thing)))


def functions_and_code():
    captured = [1]

    def sample(a, b=1, *, c=2):
        return a, captured

    sample.attribute = 1
    F = lambda m: u64(id(sample) + L["PyFunctionObject." + m])
    check("func_code", id(sample.__code__), F("func_code"))
    check("func_globals", id(sample.__globals__), F("func_globals"))
    check("func_name", id(sample.__name__), F("func_name"))
    check("func_qualname", id(sample.__qualname__), F("func_qualname"))
    check("func_defaults", id(sample.__defaults__), F("func_defaults"))
    check("func_kwdefaults", id(sample.__kwdefaults__), F("func_kwdefaults"))
    check("func_closure", id(sample.__closure__), F("func_closure"))
    check("func_dict", id(sample.__dict__), F("func_dict"))
    check("func_module", id(sample.__module__), F("func_module"))
    if has("PyFunctionObject.func_builtins"):
        check("func_builtins", id(sample.__builtins__), F("func_builtins"))
    cell = sample.__closure__[0]
    check("cell ob_ref", id(captured), u64(id(cell) + L["PyCellObject.ob_ref"]))

    code = sample.__code__
    C = lambda m: L["PyCodeObject." + m]
    check("co_filename", id(code.co_filename), u64(id(code) + C("co_filename")))
    check("co_name", id(code.co_name), u64(id(code) + C("co_name")))
    check("co_consts", id(code.co_consts), u64(id(code) + C("co_consts")))
    check("co_names", id(code.co_names), u64(id(code) + C("co_names")))
    check("co_firstlineno", code.co_firstlineno, i32(id(code) + C("co_firstlineno")))
    check("co_argcount", 2, i32(id(code) + C("co_argcount")))
    check("co_kwonlyargcount", 1, i32(id(code) + C("co_kwonlyargcount")))
    check("co_flags", code.co_flags, i32(id(code) + C("co_flags")))
    if has("PyCodeObject.co_qualname"):
        check("co_qualname", id(code.co_qualname), u64(id(code) + C("co_qualname")))
    if has("PyCodeObject.co_linetable"):
        check("co_linetable", id(code.co_linetable), u64(id(code) + C("co_linetable")))
    else:
        check("co_lnotab", id(code.co_lnotab), u64(id(code) + C("co_lnotab")))
    if has("PyCodeObject.co_code"):
        check("co_code", id(code.co_code), u64(id(code) + C("co_code")))

    class Owner:
        def method(self):
            pass

    bound = Owner().method
    check("im_func", id(bound.__func__), u64(id(bound) + L["PyMethodObject.im_func"]))
    check("im_self", id(bound.__self__), u64(id(bound) + L["PyMethodObject.im_self"]))
    check("builtin m_self", id(len.__self__), u64(id(len) + L["PyCFunctionObject.m_self"]))
    check("builtin m_module", id(len.__module__), u64(id(len) + L["PyCFunctionObject.m_module"]))

    module = types.ModuleType("pyrometer_probe_module")
    check("md_dict", id(module.__dict__), u64(id(module) + L["PyModuleObject.md_dict"]))
    check("md_name", id(module.__name__), u64(id(module) + L["PyModuleObject.md_name"]))

    def generator():
        yield 1

    gen = generator()
    check("gi_name", id(gen.__name__), u64(id(gen) + L["PyGenObject.gi_name"]))
    check("gi_qualname", id(gen.__qualname__), u64(id(gen) + L["PyGenObject.gi_qualname"]))
    if has("PyGenObject.gi_iframe"):
        frame = id(gen) + L["PyGenObject.gi_iframe"]
        check("generator frame code", id(gen.gi_code), u64(frame + code_key()) & code_mask())
        check("generator frame owner", L["const.FRAME_OWNED_BY_GENERATOR"], i8(frame + L["_PyInterpreterFrame.owner"]))
        check("gi_frame_state of a new generator", L["const.FRAME_CREATED"], i8(id(gen) + L["PyGenObject.gi_frame_state"]))
    else:
        check("gi_frame", id(gen.gi_frame), u64(id(gen) + L["PyGenObject.gi_frame"]))
        check("gi_code", id(gen.gi_code), u64(id(gen) + L["PyGenObject.gi_code"]))


def code_key():
    return first("_PyInterpreterFrame.f_executable", "_PyInterpreterFrame.f_code")


def code_mask():
    return ~L.get("const.Py_TAG_BITS", 0) & 0xFFFFFFFFFFFFFFFF


def runtime_address():
    return ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, "_PyRuntime"))


def runtime_and_threads():
    runtime = runtime_address()
    interp = u64(runtime + L["_PyRuntimeState.interpreters.head"])
    check("interpreters.main is the head", interp, u64(runtime + L["_PyRuntimeState.interpreters.main"]))
    check("main interpreter id", 0, i64(interp + L["PyInterpreterState.id"]))
    check("single interpreter has no next", 0, u64(interp + L["PyInterpreterState.next"]))
    check("interp sysdict", id(sys.__dict__), u64(interp + L["PyInterpreterState.sysdict"]))
    check("interp builtins", id(builtins.__dict__), u64(interp + L["PyInterpreterState.builtins"]))
    check("interp modules", id(sys.modules), u64(interp + first("PyInterpreterState.imports.modules", "PyInterpreterState.modules")))

    me, seen = 0, 0
    tstate = u64(interp + first("PyInterpreterState.threads.head", "PyInterpreterState.tstate_head"))
    while tstate and seen < 1000:
        seen += 1
        if u64(tstate + L["PyThreadState.thread_id"]) == threading.get_ident():
            me = tstate
        tstate = u64(tstate + L["PyThreadState.next"])
    check("this thread's PyThreadState is on the list", True, me != 0)
    check("tstate.interp", interp, u64(me + L["PyThreadState.interp"]))
    if has("PyThreadState.native_thread_id"):
        check("tstate.native_thread_id", threading.get_native_id(), u64(me + L["PyThreadState.native_thread_id"]))
    if has("_PyRuntimeState.gilstate.tstate_current"):
        check("gilstate.tstate_current", me, u64(runtime + L["_PyRuntimeState.gilstate.tstate_current"]))
        gil = runtime + L["_PyRuntimeState.ceval.gil"]
    else:
        gil = u64(interp + L["PyInterpreterState.ceval.gil"])
    check("gil locked", 1, i32(gil + L["_gil_runtime_state.locked"]))
    check("gil last_holder", me, u64(gil + L["_gil_runtime_state.last_holder"]))
    if has("PyThreadState.holds_gil"):
        check("tstate.holds_gil", 1, i32(me + L["PyThreadState.holds_gil"]))
    if has("PyThreadState._status"):
        status = u32(me + L["PyThreadState._status"])
        for flag in ("initialized", "bound", "active", "holds_gil"):
            if has("bitfield.PyThreadState._status.%s.shift" % flag):
                check("tstate._status." + flag, 1, bits(status, "PyThreadState._status." + flag))
        check("tstate._status.finalizing", 0, bits(status, "PyThreadState._status.finalizing"))
    if has("PyInterpreterState.types"):
        static_type_dicts(interp)
    frames(me)
    garbage_collector(runtime, interp)
    if has("sizeof._Py_DebugOffsets"):
        debug_offsets(runtime)


def static_type_dicts(interp):
    """3.12+ static builtin types keep their dict in the interpreter, not in tp_dict."""
    if has("PyInterpreterState.types.builtins.initialized"):
        count = u64(interp + L["PyInterpreterState.types.builtins.num_initialized"])
        array, struct_name = interp + L["PyInterpreterState.types.builtins.initialized"], "managed_static_type_state"
    else:
        count = u64(interp + L["PyInterpreterState.types.num_builtins_initialized"])
        array, struct_name = interp + L["PyInterpreterState.types.builtins"], "static_builtin_state"
    limit = first("const._Py_MAX_MANAGED_STATIC_BUILTIN_TYPES", "const._Py_MAX_STATIC_BUILTIN_TYPES")
    check("static builtin types initialized", True, 50 < count <= limit)
    size = L["sizeof." + struct_name]
    states = {u64(array + i * size + L[struct_name + ".type"]): array + i * size for i in range(count)}
    check("int has a static type state", True, id(int) in states)
    check("int's dict lives in its static type state", id(gc.get_referents(int.__dict__)[0]),
          u64(states.get(id(int), 0) + L[struct_name + ".tp_dict"]))
    check("int's own tp_dict is NULL", 0, u64(id(int) + L["PyTypeObject.tp_dict"]))


def frames(tstate):
    # The reads below are inline ctypes calls, not u64(): a helper would be the top frame itself.
    word = ctypes.c_uint64.from_address
    frame = sys._getframe()
    code = frame.f_code
    if has("PyThreadState.frame"):
        top = word(tstate + L["PyThreadState.frame"]).value
        check("tstate.frame is the running frame", id(frame), top)
        check("f_code", id(code), u64(top + L["PyFrameObject.f_code"]))
        check("f_back", id(frame.f_back), u64(top + L["PyFrameObject.f_back"]))
        unit = 2 if has("PyCodeObject.co_linetable") else 1  # 3.10 counts code units
        lasti = i32(top + L["PyFrameObject.f_lasti"]) * unit
        check("f_lasti inside co_code", True, 0 <= lasti < len(code.co_code))
        return
    if has("PyThreadState.current_frame"):
        top = word(tstate + L["PyThreadState.current_frame"]).value
    else:
        top = word(word(tstate + L["PyThreadState.cframe"]).value + L["_PyCFrame.current_frame"]).value
    position = word(top + first("_PyInterpreterFrame.instr_ptr", "_PyInterpreterFrame.prev_instr")).value
    check("top frame code", id(code), u64(top + code_key()) & code_mask())
    check("top frame frame_obj", id(frame), u64(top + L["_PyInterpreterFrame.frame_obj"]))
    check("top frame owner", L["const.FRAME_OWNED_BY_THREAD"], i8(top + L["_PyInterpreterFrame.owner"]))
    previous = u64(top + L["_PyInterpreterFrame.previous"])
    check("previous frame code", id(frame.f_back.f_code), u64(previous + code_key()) & code_mask())
    bytecode = id(code) + L["PyCodeObject.co_code_adaptive"]
    check("instruction pointer inside co_code_adaptive", True, bytecode <= position < bytecode + len(code.co_code))
    chunk = u64(tstate + L["PyThreadState.datastack_chunk"])
    chunk_size = u64(chunk + L["_PyStackChunk.size"])
    check("top frame inside the data stack chunk", True, chunk + L["_PyStackChunk.data"] <= top < chunk + chunk_size)
    check("chunk top inside the chunk", True, u64(chunk + L["_PyStackChunk.top"]) * 8 < chunk_size)


def garbage_collector(runtime, interp):
    state = interp + L["PyInterpreterState.gc"] if has("PyInterpreterState.gc") else runtime + L["_PyRuntimeState.gc"]
    G = lambda m: state + L["_gc_runtime_state." + m]
    generation = L["sizeof.gc_generation"]
    check("gc garbage list", id(gc.garbage), u64(G("garbage")))
    check("gc callbacks list", id(gc.callbacks), u64(G("callbacks")))
    check("gc not collecting", 0, i32(G("collecting")))
    gc.disable()
    check("gc disabled", 0, i32(G("enabled")))
    gc.enable()
    check("gc enabled", 1, i32(G("enabled")))
    old = gc.get_threshold()
    gc.set_threshold(1234, *old[1:])
    check("generation 0 threshold", 1234, i32(G("generations") + L["gc_generation.threshold"]))
    gc.set_threshold(*old)
    permanent, count = G("permanent_generation.head"), 0
    node = u64(permanent + L["PyGC_Head._gc_next"]) & ~3
    while node not in (permanent, 0) and count < 10000000:
        node, count = u64(node + L["PyGC_Head._gc_next"]) & ~3, count + 1
    check("permanent generation list length is gc.get_freeze_count()", gc.get_freeze_count(), count)
    gc.collect()
    fresh = [object()]
    head = G("generations.0.head")
    target, node, steps = id(fresh) - L["sizeof.PyGC_Head"], u64(head + L["PyGC_Head._gc_next"]) & ~3, 0
    while node not in (head, target, 0) and steps < 1000000:
        node, steps = u64(node + L["PyGC_Head._gc_next"]) & ~3, steps + 1
    check("a new list is on the generation 0 list", target, node)
    check("its _gc_prev points back into the list", True,
          u64((u64(target + L["PyGC_Head._gc_prev"]) & ~3) + L["PyGC_Head._gc_next"]) & ~3 == target)


def debug_offsets(runtime):
    blob = runtime + L["_PyRuntimeState.debug_offsets"]
    check("debug offsets cookie", b"xdebugpy", ctypes.string_at(blob + L["_Py_DebugOffsets.cookie"], 8))
    check("debug offsets version", sys.hexversion, u64(blob + L["_Py_DebugOffsets.version"]))
    check("debug offsets free_threaded", 0, u64(blob + L["_Py_DebugOffsets.free_threaded"]))
    for key in sorted(L):
        if key.startswith("_Py_DebugOffsets.") and key != "_Py_DebugOffsets.cookie":
            print("blob\t%s\t%d" % (key, u64(blob + L[key])))


sizes()
type_flags()
types_in_memory()
containers()
scalars()
functions_and_code()
runtime_and_threads()
