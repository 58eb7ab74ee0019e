package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.SourcePaths;

/**
 * A frame with what the analysis needs to reason about it: whose code it is, the module it
 * belongs to, and the function's simple name (older Pythons report no qualified names, so rules
 * match on the part after the last dot).
 *
 * @param key the frame as sampled; for Python frames of a merged tree the line is 0
 * @param category whose code it is
 * @param module dotted module name ({@code subprocess}, {@code concurrent.futures.thread},
 *     {@code requests.sessions}), the file's base name for application code, null for native frames
 * @param simpleName the function name without its class or enclosing function ({@code _wait})
 */
public record CodeFrame(FrameKey key, CodeCategory category, String module, String simpleName) {

  public CodeFrame(FrameKey key, CodeCategory category, String module) {
    this(key, category, module, simpleNameOf(key.name()));
  }

  public boolean isPython() {
    return key.kind() == FrameKind.PYTHON;
  }

  public boolean isSyscall() {
    return key.kind() == FrameKind.SYSCALL;
  }

  public boolean isApp() {
    return category == CodeCategory.APP;
  }

  /** Qualified name as sampled, e.g. {@code Popen._wait} (3.11+) or {@code _wait}. */
  public String function() {
    return key.name();
  }

  /** The function name without its class or enclosing function: {@code _wait}. */
  private static String simpleNameOf(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 && dot < name.length() - 1 ? name.substring(dot + 1) : name;
  }

  /** Full source path, null for non-Python frames. */
  public String file() {
    return key.file();
  }

  /** The path as users read it: package-relative for libraries, base name for their own code. */
  public String shortFile() {
    return isPython() ? SourcePaths.shortName(key.file()) : null;
  }

  /** The first component of the module: the package a user would recognise ({@code requests}). */
  public String topLevelModule() {
    if (module == null) {
      return null;
    }
    int dot = module.indexOf('.');
    return dot < 0 ? module : module.substring(0, dot);
  }

  /** True for a frame of this module (exactly, or a submodule of it). */
  public boolean inModule(String dotted) {
    return module != null
        && category != CodeCategory.APP
        && module.startsWith(dotted)
        && (module.length() == dotted.length() || module.charAt(dotted.length()) == '.');
  }

  /** True for a frame of this module whose simple name is one of the given names. */
  public boolean is(String dottedModule, String... simpleNames) {
    if (!inModule(dottedModule)) {
      return false;
    }
    String simple = simpleName();
    for (String name : simpleNames) {
      if (name.equals(simple)) {
        return true;
      }
    }
    return false;
  }

  /** {@code module.qualname} for library and stdlib code, the qualified name otherwise. */
  public String displayName() {
    if (module != null && (category == CodeCategory.LIBRARY || category == CodeCategory.STDLIB)) {
      return module + "." + key.name();
    }
    return key.name();
  }
}
