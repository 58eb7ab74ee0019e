package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.lib;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.FrameKey;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One realistic on-CPU stack per pattern, and stacks that must not match. */
class CpuPatternsTest {

  record Case(String pattern, List<FrameKey> frames) {
    @Override
    public String toString() {
      return pattern + " (" + frames.get(frames.size() - 1).label() + ")";
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("regex-compile", main(app("parse_line", 31), std("re/__init__.py", "match", 167),
            std("re/__init__.py", "_compile", 307), std("re/_compiler.py", "compile", 745),
            std("re/_parser.py", "parse", 979))),
        new Case("regex-compile", main(app("parse_line", 31), FrameKey.python("match", "/usr/lib/python3.8/re.py", 191),
            FrameKey.python("_compile", "/usr/lib/python3.8/re.py", 304),
            FrameKey.python("compile", "/usr/lib/python3.8/sre_compile.py", 764))),
        new Case("regex", main(app("parse_line", 31), std("re/__init__.py", "findall", 217))),
        new Case("serialization", main(app("render", 12), std("json/__init__.py", "dumps", 231),
            std("json/encoder.py", "JSONEncoder.encode", 200), std("json/encoder.py", "JSONEncoder.iterencode", 258))),
        new Case("serialization", main(app("load", 12), lib("yaml/__init__.py", "safe_load", 125),
            lib("yaml/constructor.py", "BaseConstructor.construct_document", 55))),
        new Case("logging", main(app("handle", 40), std("logging/__init__.py", "Logger.debug", 1527),
            std("logging/__init__.py", "Logger._log", 1684), std("logging/__init__.py", "Formatter.format", 703))),
        new Case("import", main(app("plugin_for", 9), std("importlib/__init__.py", "import_module", 90),
            FrameKey.python("_gcd_import", "<frozen importlib._bootstrap>", 1387),
            FrameKey.python("_find_spec", "<frozen importlib._bootstrap>", 1262))),
        new Case("deepcopy", main(app("snapshot", 5), std("copy.py", "deepcopy", 136), std("copy.py", "_deepcopy_dict", 231))),
        new Case("deepcopy", main(app("to_json", 5), std("dataclasses.py", "asdict", 1329),
            std("dataclasses.py", "_asdict_inner", 1339))),
        new Case("strptime", main(app("parse_ts", 8), std("_strptime.py", "_strptime_datetime", 565),
            std("_strptime.py", "_strptime", 333))),
        new Case("stack-introspection", main(app("audit", 8), std("inspect.py", "stack", 1777),
            std("inspect.py", "getouterframes", 1752), std("inspect.py", "getframeinfo", 1712),
            std("inspect.py", "findsource", 1077))),
        new Case("garbage-collection", main(app("build", 8), FrameKey.marker("<GC>"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void recognisesEachPatternsStack(Case c) {
    LeafPath path = Stacks.path(c.frames());

    assertThat(CpuPatterns.match(path.frames(), 0)).map(CpuPattern::id).contains(c.pattern());
  }

  @Test
  void everyPatternInTheTableHasACase() {
    Set<String> tested = cases().map(Case::pattern).collect(Collectors.toCollection(TreeSet::new));
    Set<String> table = CpuPatterns.PATTERNS.stream().map(CpuPattern::id).collect(Collectors.toCollection(TreeSet::new));

    assertThat(tested).isEqualTo(table);
  }

  @Test
  void ignoresApplicationModulesNamedLikeTheStandardLibrary() {
    LeafPath path = Stacks.path(main(app("/srv/app/json.py", "dumps", 3), app("/srv/app/logging.py", "emit", 5)));

    assertThat(CpuPatterns.match(path.frames(), 0)).isEmpty();
  }

  @Test
  void findsNothingInPlainApplicationCode() {
    assertThat(CpuPatterns.match(Stacks.path(main(app("checksum", 6))).frames(), 0)).isEmpty();
  }
}
