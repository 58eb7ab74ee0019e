package dev.pyrometer.agent.python.objects;

import dev.pyrometer.agent.elf.ElfFile;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses of the interpreter's static built-in types ({@code PyDict_Type}...), from the
 * exported symbols of libpython or the executable, and of a few singletons the walk must know.
 */
public final class BuiltinTypes {
  private final Map<Long, TypeKind> kinds;
  private final long setDummy;
  private final long internedDictPointer;

  public BuiltinTypes(Map<Long, TypeKind> kinds, long setDummy, long internedDictPointer) {
    this.kinds = Map.copyOf(kinds);
    this.setDummy = setDummy;
    this.internedDictPointer = internedDictPointer;
  }

  /** Reads the symbols of {@code elf}, loaded at {@code bias}. */
  public static BuiltinTypes fromElf(ElfFile elf, long bias) throws IOException {
    Map<Long, TypeKind> kinds = new HashMap<>();
    for (TypeKind kind : TypeKind.values()) {
      for (String symbol : kind.symbols()) {
        Optional<Long> value = elf.symbol(symbol);
        if (value.isPresent()) {
          kinds.put(value.get() + bias, kind);
        }
      }
    }
    long dummy = elf.symbol("_PySet_Dummy").map(v -> v + bias).orElse(0L);
    // <= 3.11 keeps the interned strings in a file-static dict: only .symtab knows where
    long interned = elf.symbol("interned").map(v -> v + bias).orElse(0L);
    return new BuiltinTypes(kinds, dummy, interned);
  }

  /** The kind of the static type at {@code typeAddress}, or null when it is not a known built-in. */
  public TypeKind kindOf(long typeAddress) {
    return kinds.get(typeAddress);
  }

  /** Address of the {@code _PySet_Dummy} pointer variable (holds the set's deleted-entry marker), or 0. */
  public long setDummyPointer() {
    return setDummy;
  }

  /** Address of the {@code interned} dict pointer of 3.8–3.11 (a static), or 0 when stripped. */
  public long internedDictPointer() {
    return internedDictPointer;
  }

  public int size() {
    return kinds.size();
  }
}
