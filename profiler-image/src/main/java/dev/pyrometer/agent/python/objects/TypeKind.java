package dev.pyrometer.agent.python.objects;

/**
 * How an object is decoded: by the built-in type it is, or derives from. Subclasses keep their
 * base's layout as a prefix, so a {@code defaultdict} decodes as a {@link #DICT} plus its extras.
 */
public enum TypeKind {
  STR("str", "PyUnicode_Type"),
  BYTES("bytes", "PyBytes_Type"),
  INT("int", "PyLong_Type", "PyBool_Type"),
  FLOAT("float", "PyFloat_Type"),
  COMPLEX("complex", "PyComplex_Type"),
  BYTEARRAY("bytearray", "PyByteArray_Type"),
  TUPLE("tuple", "PyTuple_Type"),
  LIST("list", "PyList_Type"),
  DICT("dict", "PyDict_Type"),
  SET("set", "PySet_Type", "PyFrozenSet_Type"),
  /** collections.deque: not exported (a static type in 3.8–3.12, a heap type from 3.13); found by name. */
  DEQUE("collections.deque"),
  MODULE("module", "PyModule_Type"),
  TYPE("type", "PyType_Type"),
  FUNCTION("function", "PyFunction_Type"),
  CODE("code", "PyCode_Type"),
  CELL("cell", "PyCell_Type"),
  METHOD("method", "PyMethod_Type"),
  CFUNCTION("builtin_function_or_method", "PyCFunction_Type", "PyCMethod_Type"),
  FRAME("frame", "PyFrame_Type"),
  GENERATOR("generator", "PyGen_Type", "PyCoro_Type", "PyAsyncGen_Type"),
  WEAKREF("weakref", "_PyWeakref_RefType", "_PyWeakref_ProxyType", "_PyWeakref_CallableProxyType"),
  /** Anything else: C extension types, descriptors, exceptions... scanned conservatively. */
  OTHER("object");

  private final String typeName;
  private final String[] symbols;

  TypeKind(String typeName, String... symbols) {
    this.typeName = typeName;
    this.symbols = symbols;
  }

  /** The {@code tp_name} of the kind's first static type. */
  public String typeName() {
    return typeName;
  }

  /** The exported symbols of the static types of this kind. */
  public String[] symbols() {
    return symbols;
  }
}
