package dev.pyrometer.agent.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The table of CPU patterns worth a note: work that is often done more than needed. A path shows a
 * pattern when one of its frames below the deepest application frame matches; the deepest such
 * frame decides (regex compilation is more specific than the {@code re} call above it). To add a
 * pattern, add a line here and a case to {@code CpuPatternsTest}.
 */
public final class CpuPatterns {
  static final List<CpuPattern> PATTERNS = List.of(
      new CpuPattern("regex-compile", "compiling regular expressions",
          "compile each pattern once (re.compile at module level) and reuse the compiled object; patterns built per call,"
              + " or more distinct patterns than re's cache holds, are compiled again every time",
          f -> f.inModule("sre_compile") || f.inModule("sre_parse") || f.inModule("re._compiler") || f.inModule("re._parser")),
      new CpuPattern("regex", "regular expression matching",
          "precompile the pattern and call its methods, match less text (anchor the pattern, pre-filter with"
              + " 'in' or str.startswith), or avoid backtracking-heavy patterns",
          f -> f.inModule("re") && !f.inModule("re._compiler") && !f.inModule("re._parser")),
      new CpuPattern("serialization", "serialization (JSON, pickle, YAML, XML, protobuf, validation models)",
          "serialize less (cache encoded results, send only needed fields), or use a faster codec such as orjson or msgpack",
          f -> f.inModule("json") || f.inModule("pickle") || f.inModule("copyreg") || f.inModule("xml")
              || f.inModule("simplejson") || f.inModule("yaml") || f.inModule("marshmallow")
              || f.inModule("pydantic") || f.inModule("google.protobuf") || f.inModule("xmltodict")),
      new CpuPattern("logging", "logging (formatting and handling log records)",
          "log less on hot paths, check the level before building expensive messages, pass arguments"
              + " (log.debug('%s', x)) instead of pre-formatting, and hand records to a QueueHandler",
          f -> f.inModule("logging") || f.inModule("structlog") || f.inModule("loguru")),
      new CpuPattern("import", "importing modules at run time",
          "import at module level once; an import inside a function that misses sys.modules (a failing import,"
              + " importlib.import_module of new names, reload) searches the path every call",
          f -> f.inModule("importlib") || f.inModule("zipimport") || f.inModule("pkgutil") || f.inModule("pkg_resources")),
      new CpuPattern("deepcopy", "deep copies (copy.deepcopy, dataclasses.asdict)",
          "avoid copying whole structures per call: copy only what changes, use immutable data, or a shallow copy",
          f -> f.is("copy", "deepcopy", "_deepcopy_dict", "_deepcopy_list", "_deepcopy_tuple", "_reconstruct", "_deepcopy_inst")
              || f.is("dataclasses", "asdict", "astuple", "_asdict_inner", "_astuple_inner")),
      new CpuPattern("strptime", "parsing dates with datetime.strptime",
          "strptime builds and matches a regex per call: use datetime.fromisoformat or a fixed-format slice parser",
          f -> f.inModule("_strptime")),
      new CpuPattern("stack-introspection", "stack introspection (inspect.stack, traceback formatting)",
          "inspect.stack() reads source files for every frame: use sys._getframe or inspect.currentframe, or drop it from hot paths",
          f -> f.is("inspect", "stack", "getouterframes", "getframeinfo", "findsource", "getsourcefile", "getmodule")
              || f.is("traceback", "extract_stack", "format_stack", "walk_stack", "print_stack") || f.inModule("linecache")),
      new CpuPattern("garbage-collection", "garbage collection",
          "allocate fewer short-lived container objects, or tune gc thresholds (gc.set_threshold / gc.freeze after startup)",
          f -> f.key().kind() == dev.pyrometer.agent.profile.FrameKind.MARKER && f.key().name().toLowerCase(java.util.Locale.ROOT).contains("gc")));

  private CpuPatterns() {}

  /** The pattern of the deepest matching frame at or below {@code fromIndex} of the path's frames, if any. */
  public static Optional<CpuPattern> match(List<PathFrame> frames, int fromIndex) {
    for (int i = frames.size() - 1; i >= Math.max(0, fromIndex); i--) {
      CodeFrame frame = frames.get(i).frame();
      if (frame.isApp()) {
        continue;
      }
      for (CpuPattern pattern : PATTERNS) {
        if (pattern.matches().test(frame)) {
          return Optional.of(pattern);
        }
      }
    }
    return Optional.empty();
  }
}
