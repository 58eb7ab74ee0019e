package dev.pyrometer.agent.python.layout;

/**
 * Where the fields of the built-in object types live in one CPython minor version (x86-64), and
 * the type flags that steer decoding. A member the version lacks is -1.
 */
public final class ObjectOffsets {
  public final int minor;

  public final long obType;
  public final long obSize;

  public final long typeName;
  public final long typeBasicSize;
  public final long typeItemSize;
  public final long typeFlags;
  public final long typeBase;
  public final long typeDict;
  public final long typeDictOffset;
  public final long typeMro;
  public final long typeBases;
  public final long typeSubclasses;
  public final long typeWeakListOffset;
  public final long heapTypeName;
  public final long heapTypeQualname;
  public final long heapTypeSlots;
  public final long heapTypeCachedKeys;
  public final long heapTypeModule;
  public final long sizeofTypeObject;
  public final long sizeofHeapTypeObject;
  public final long memberDefSize;
  public final long memberDefName;
  public final long memberDefType;
  public final long memberDefOffset;

  public final long flagHeapType;
  public final long flagHaveGc;
  public final long flagReady;
  public final long flagManagedDict;
  public final long flagManagedWeakref;
  public final long flagInlineValues;
  public final long flagLongSubclass;
  public final long flagListSubclass;
  public final long flagTupleSubclass;
  public final long flagBytesSubclass;
  public final long flagUnicodeSubclass;
  public final long flagDictSubclass;
  public final long flagTypeSubclass;

  public final long strLength;
  public final long strState;
  public final long strAsciiSize;
  public final long strCompactSize;
  public final long strUtf8Length;
  public final long strUtf8;
  public final long strWstr;
  public final long strWstrLength;
  public final long strLegacyData;
  public final long strUnicodeObjectSize;
  public final int strKindShift;
  public final int strCompactShift;
  public final int strAsciiShift;

  public final long bytesSval;
  public final long longDigits;
  /** 3.12+: {@code lv_tag}, digit count in the bits above {@code longNonSizeBits}; -1 before (ob_size). */
  public final long longTag;
  public final int longNonSizeBits;
  public final long byteArrayAlloc;
  public final long byteArrayBytes;
  /** 3.15+: the bytes object that holds a bytearray's buffer; -1 before. */
  public final long byteArrayBytesObject;

  public final long tupleItems;
  public final long listItems;
  public final long listAllocated;

  public final long dictUsed;
  public final long dictKeys;
  public final long dictValues;
  public final DictKeysLayout keys;

  public final long setUsed;
  public final long setMask;
  public final long setTable;
  public final long setSmallTable;
  public final long setEntrySize;

  public final long moduleDict;
  public final long moduleDef;

  public final long cellRef;
  public final long methodFunc;
  public final long methodSelf;
  public final long cFunctionSelf;
  public final long cFunctionModule;

  public final long gcHeadSize;
  /** Every {@code PyFunctionObject} member: {@code func_code} → offset... */
  public final java.util.Map<String, Long> functionMembers;
  /** Offsets of the object members of code objects (constants, names, tables...), per version. */
  public final long[] codeObjectFields;
  public final long moduleDefMSizeOffset;

  ObjectOffsets(LayoutValues v) {
    minor = v.minor();
    obType = v.preferDebug("pyobject.ob_type", "PyObject.ob_type");
    obSize = v.get("PyVarObject.ob_size");

    typeName = v.get("PyTypeObject.tp_name");
    typeBasicSize = v.get("PyTypeObject.tp_basicsize");
    typeItemSize = v.get("PyTypeObject.tp_itemsize");
    typeFlags = v.preferDebug("type_object.tp_flags", "PyTypeObject.tp_flags");
    typeBase = v.get("PyTypeObject.tp_base");
    typeDict = v.get("PyTypeObject.tp_dict");
    typeDictOffset = v.get("PyTypeObject.tp_dictoffset");
    typeMro = v.get("PyTypeObject.tp_mro");
    typeBases = v.get("PyTypeObject.tp_bases");
    typeSubclasses = v.find("PyTypeObject.tp_subclasses");
    typeWeakListOffset = v.get("PyTypeObject.tp_weaklistoffset");
    heapTypeName = v.get("PyHeapTypeObject.ht_name");
    heapTypeQualname = v.get("PyHeapTypeObject.ht_qualname");
    heapTypeSlots = v.get("PyHeapTypeObject.ht_slots");
    heapTypeCachedKeys = v.get("PyHeapTypeObject.ht_cached_keys");
    heapTypeModule = v.find("PyHeapTypeObject.ht_module");
    sizeofTypeObject = v.get("sizeof.PyTypeObject");
    sizeofHeapTypeObject = v.get("sizeof.PyHeapTypeObject");
    memberDefSize = v.get("sizeof.PyMemberDef");
    memberDefName = v.get("PyMemberDef.name");
    memberDefType = v.get("PyMemberDef.type");
    memberDefOffset = v.get("PyMemberDef.offset");

    flagHeapType = v.constant("Py_TPFLAGS_HEAPTYPE", 1L << 9);
    flagHaveGc = v.constant("Py_TPFLAGS_HAVE_GC", 1L << 14);
    flagReady = v.constant("Py_TPFLAGS_READY", 1L << 12);
    flagManagedDict = v.constant("Py_TPFLAGS_MANAGED_DICT", 0);
    flagManagedWeakref = v.constant("Py_TPFLAGS_MANAGED_WEAKREF", 0);
    flagInlineValues = v.constant("Py_TPFLAGS_INLINE_VALUES", 0);
    flagLongSubclass = v.constant("Py_TPFLAGS_LONG_SUBCLASS", 1L << 24);
    flagListSubclass = v.constant("Py_TPFLAGS_LIST_SUBCLASS", 1L << 25);
    flagTupleSubclass = v.constant("Py_TPFLAGS_TUPLE_SUBCLASS", 1L << 26);
    flagBytesSubclass = v.constant("Py_TPFLAGS_BYTES_SUBCLASS", 1L << 27);
    flagUnicodeSubclass = v.constant("Py_TPFLAGS_UNICODE_SUBCLASS", 1L << 28);
    flagDictSubclass = v.constant("Py_TPFLAGS_DICT_SUBCLASS", 1L << 29);
    flagTypeSubclass = v.constant("Py_TPFLAGS_TYPE_SUBCLASS", 1L << 31);

    strLength = v.get("PyASCIIObject.length");
    strState = v.get("PyASCIIObject.state");
    strAsciiSize = v.get("sizeof.PyASCIIObject");
    strCompactSize = v.get("sizeof.PyCompactUnicodeObject");
    strUtf8Length = v.get("PyCompactUnicodeObject.utf8_length");
    strUtf8 = v.get("PyCompactUnicodeObject.utf8");
    strWstr = v.find("PyASCIIObject.wstr");
    strWstrLength = v.find("PyCompactUnicodeObject.wstr_length");
    strLegacyData = v.get("PyUnicodeObject.data");
    strUnicodeObjectSize = v.get("sizeof.PyUnicodeObject");
    strKindShift = v.bitShift("PyASCIIObject.state", "kind");
    strCompactShift = v.bitShift("PyASCIIObject.state", "compact");
    strAsciiShift = v.bitShift("PyASCIIObject.state", "ascii");

    bytesSval = v.get("PyBytesObject.ob_sval");
    longTag = v.find("PyLongObject.long_value.lv_tag");
    longDigits = v.get("PyLongObject.long_value.ob_digit", "PyLongObject.ob_digit");
    longNonSizeBits = (int) v.constant("_PyLong_NON_SIZE_BITS", 3);
    byteArrayAlloc = v.get("PyByteArrayObject.ob_alloc");
    byteArrayBytes = v.get("PyByteArrayObject.ob_bytes");
    byteArrayBytesObject = v.find("PyByteArrayObject.ob_bytes_object");

    tupleItems = v.get("PyTupleObject.ob_item");
    listItems = v.get("PyListObject.ob_item");
    listAllocated = v.get("PyListObject.allocated");

    dictUsed = v.get("PyDictObject.ma_used");
    dictKeys = v.get("PyDictObject.ma_keys");
    dictValues = v.get("PyDictObject.ma_values");
    keys = new DictKeysLayout(v);

    setUsed = v.get("PySetObject.used");
    setMask = v.get("PySetObject.mask");
    setTable = v.get("PySetObject.table");
    setSmallTable = v.get("PySetObject.smalltable");
    setEntrySize = v.get("sizeof.setentry");

    moduleDict = v.get("PyModuleObject.md_dict");
    moduleDef = v.find("PyModuleObject.md_def");

    cellRef = v.get("PyCellObject.ob_ref");
    methodFunc = v.get("PyMethodObject.im_func");
    methodSelf = v.get("PyMethodObject.im_self");
    cFunctionSelf = v.get("PyCFunctionObject.m_self");
    cFunctionModule = v.get("PyCFunctionObject.m_module");

    gcHeadSize = v.get("sizeof.PyGC_Head");
    functionMembers = v.members("PyFunctionObject");
    java.util.Set<String> codeObjects = java.util.Set.of("co_consts", "co_names", "co_exceptiontable", "co_filename",
        "co_name", "co_qualname", "co_linetable", "co_lnotab", "co_localsplusnames", "co_localspluskinds", "co_code",
        "co_varnames", "co_freevars", "co_cellvars");
    codeObjectFields = v.members("PyCodeObject").entrySet().stream()
        .filter(e -> codeObjects.contains(e.getKey())).mapToLong(java.util.Map.Entry::getValue).sorted().toArray();
    // PyModuleDef starts with PyModuleDef_Base (object header, m_init, m_index, m_copy), then
    // m_name, m_doc, m_size: m_size sits at 56 in every version that has md_def
    moduleDefMSizeOffset = 56;
  }
}
