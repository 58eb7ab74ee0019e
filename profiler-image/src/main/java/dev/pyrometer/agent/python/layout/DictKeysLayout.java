package dev.pyrometer.agent.python.layout;

/**
 * The dict keys object and split-values layout of one version: {@code dk_size} and 24-byte
 * entries up to 3.10; {@code dk_log2_size}, {@code dk_kind} and 16-byte unicode entries from
 * 3.11; the {@code PyDictValues} header from 3.13.
 */
public final class DictKeysLayout {
  /** True for 3.11+ ({@code dk_log2_size}); false for {@code dk_size}. */
  public final boolean log2Sizes;
  public final long refcnt;
  public final long size;
  public final long log2Size;
  public final long log2IndexBytes;
  public final long kind;
  public final long usable;
  public final long nentries;
  public final long indices;
  /** sizeof(PyDictKeysObject): the header before the index table. */
  public final long header;
  public final long generalEntrySize;
  public final long unicodeEntrySize;
  public final int kindGeneral;
  public final int kindSplit;
  /** 3.13+: {@code PyDictValues} has a header (capacity, size, embedded, valid) before values. */
  public final long valuesArray;
  public final long valuesCapacity;
  public final long valuesEmbedded;

  DictKeysLayout(LayoutValues v) {
    log2Sizes = v.find("PyDictKeysObject.dk_log2_size") >= 0;
    refcnt = v.get("PyDictKeysObject.dk_refcnt");
    size = v.find("PyDictKeysObject.dk_size");
    log2Size = v.find("PyDictKeysObject.dk_log2_size");
    log2IndexBytes = v.find("PyDictKeysObject.dk_log2_index_bytes");
    kind = v.find("PyDictKeysObject.dk_kind");
    usable = v.get("PyDictKeysObject.dk_usable");
    nentries = v.get("PyDictKeysObject.dk_nentries");
    indices = v.get("PyDictKeysObject.dk_indices");
    header = v.get("sizeof.PyDictKeysObject");
    generalEntrySize = v.get("sizeof.PyDictKeyEntry");
    long unicode = v.find("sizeof.PyDictUnicodeEntry");
    unicodeEntrySize = unicode < 0 ? generalEntrySize : unicode;
    kindGeneral = (int) v.constant("DICT_KEYS_GENERAL", 0);
    kindSplit = (int) v.constant("DICT_KEYS_SPLIT", 2);
    valuesArray = Math.max(0, v.find("PyDictValues.values"));
    valuesCapacity = v.find("PyDictValues.capacity");
    valuesEmbedded = v.find("PyDictValues.embedded");
  }
}
