package dev.pyrometer.agent.python.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Ground truth from the interpreters themselves: each installed CPython runs layout_probe.py, which
 * reads its own memory (ctypes) at the table's offsets and compares with id(), sys.getsizeof,
 * __basicsize__, the GIL holder, its own frame, the GC lists... On 3.13+ the values the runtime
 * publishes in _Py_DebugOffsets, read at the table's positions, must equal the table's offsets.
 */
class LayoutSelfInspectionTest {

  static final Path PROBE = GeneratedLayoutsTest.MODULE
      .resolve("src/test/java/dev/pyrometer/agent/python/layout/layout_probe.py");

  /** _Py_DebugOffsets field -> the plain table key(s) whose value (sum) the runtime must publish. */
  static final Map<String, String> PUBLISHED_AS = new TreeMap<>(Map.ofEntries(
      Map.entry("runtime_state.size", "sizeof._PyRuntimeState"),
      Map.entry("runtime_state.interpreters_head", "_PyRuntimeState.interpreters.head"),
      Map.entry("interpreter_state.size", "sizeof.PyInterpreterState"),
      Map.entry("interpreter_state.id", "PyInterpreterState.id"),
      Map.entry("interpreter_state.next", "PyInterpreterState.next"),
      Map.entry("interpreter_state.threads_head", "PyInterpreterState.threads.head"),
      Map.entry("interpreter_state.threads_main", "PyInterpreterState.threads.main"),
      Map.entry("interpreter_state.gc", "PyInterpreterState.gc"),
      Map.entry("interpreter_state.imports_modules", "PyInterpreterState.imports.modules"),
      Map.entry("interpreter_state.sysdict", "PyInterpreterState.sysdict"),
      Map.entry("interpreter_state.builtins", "PyInterpreterState.builtins"),
      Map.entry("interpreter_state.ceval_gil", "PyInterpreterState.ceval.gil"),
      Map.entry("interpreter_state.gil_runtime_state", "PyInterpreterState._gil"),
      Map.entry("interpreter_state.gil_runtime_state_holder", "PyInterpreterState._gil+_gil_runtime_state.last_holder"),
      Map.entry("interpreter_state.gil_runtime_state_locked", "PyInterpreterState._gil+_gil_runtime_state.locked"),
      Map.entry("interpreter_state.code_object_generation", "PyInterpreterState._code_object_generation"),
      Map.entry("thread_state.size", "sizeof.PyThreadState"),
      Map.entry("thread_state.prev", "PyThreadState.prev"),
      Map.entry("thread_state.next", "PyThreadState.next"),
      Map.entry("thread_state.interp", "PyThreadState.interp"),
      Map.entry("thread_state.current_frame", "PyThreadState.current_frame"),
      Map.entry("thread_state.thread_id", "PyThreadState.thread_id"),
      Map.entry("thread_state.native_thread_id", "PyThreadState.native_thread_id"),
      Map.entry("thread_state.datastack_chunk", "PyThreadState.datastack_chunk"),
      Map.entry("thread_state.holds_gil", "PyThreadState.holds_gil"),
      Map.entry("thread_state.status", "PyThreadState._status"),
      Map.entry("interpreter_frame.size", "sizeof._PyInterpreterFrame"),
      Map.entry("interpreter_frame.previous", "_PyInterpreterFrame.previous"),
      Map.entry("interpreter_frame.executable", "_PyInterpreterFrame.f_executable"),
      Map.entry("interpreter_frame.instr_ptr", "_PyInterpreterFrame.instr_ptr"),
      Map.entry("interpreter_frame.localsplus", "_PyInterpreterFrame.localsplus"),
      Map.entry("interpreter_frame.owner", "_PyInterpreterFrame.owner"),
      Map.entry("interpreter_frame.stackpointer", "_PyInterpreterFrame.stackpointer"),
      Map.entry("code_object.size", "sizeof.PyCodeObject"),
      Map.entry("code_object.filename", "PyCodeObject.co_filename"),
      Map.entry("code_object.name", "PyCodeObject.co_name"),
      Map.entry("code_object.qualname", "PyCodeObject.co_qualname"),
      Map.entry("code_object.linetable", "PyCodeObject.co_linetable"),
      Map.entry("code_object.firstlineno", "PyCodeObject.co_firstlineno"),
      Map.entry("code_object.argcount", "PyCodeObject.co_argcount"),
      Map.entry("code_object.localsplusnames", "PyCodeObject.co_localsplusnames"),
      Map.entry("code_object.localspluskinds", "PyCodeObject.co_localspluskinds"),
      Map.entry("code_object.co_code_adaptive", "PyCodeObject.co_code_adaptive"),
      Map.entry("pyobject.size", "sizeof.PyObject"),
      Map.entry("pyobject.ob_type", "PyObject.ob_type"),
      Map.entry("type_object.size", "sizeof.PyTypeObject"),
      Map.entry("type_object.tp_name", "PyTypeObject.tp_name"),
      Map.entry("type_object.tp_repr", "PyTypeObject.tp_repr"),
      Map.entry("type_object.tp_flags", "PyTypeObject.tp_flags"),
      Map.entry("type_object.tp_basicsize", "PyTypeObject.tp_basicsize"),
      Map.entry("type_object.tp_dictoffset", "PyTypeObject.tp_dictoffset"),
      Map.entry("heap_type_object.size", "sizeof.PyHeapTypeObject"),
      Map.entry("heap_type_object.ht_cached_keys", "PyHeapTypeObject.ht_cached_keys"),
      Map.entry("tuple_object.size", "sizeof.PyTupleObject"),
      Map.entry("tuple_object.ob_item", "PyTupleObject.ob_item"),
      Map.entry("tuple_object.ob_size", "PyTupleObject.ob_size"),
      Map.entry("list_object.size", "sizeof.PyListObject"),
      Map.entry("list_object.ob_item", "PyListObject.ob_item"),
      Map.entry("list_object.ob_size", "PyListObject.ob_size"),
      Map.entry("set_object.size", "sizeof.PySetObject"),
      Map.entry("set_object.used", "PySetObject.used"),
      Map.entry("set_object.table", "PySetObject.table"),
      Map.entry("set_object.mask", "PySetObject.mask"),
      Map.entry("dict_object.size", "sizeof.PyDictObject"),
      Map.entry("dict_object.ma_keys", "PyDictObject.ma_keys"),
      Map.entry("dict_object.ma_values", "PyDictObject.ma_values"),
      Map.entry("float_object.size", "sizeof.PyFloatObject"),
      Map.entry("float_object.ob_fval", "PyFloatObject.ob_fval"),
      Map.entry("long_object.size", "sizeof.PyLongObject"),
      Map.entry("long_object.lv_tag", "PyLongObject.long_value.lv_tag"),
      Map.entry("long_object.ob_digit", "PyLongObject.long_value.ob_digit"),
      Map.entry("bytes_object.size", "sizeof.PyBytesObject"),
      Map.entry("bytes_object.ob_size", "PyBytesObject.ob_size"),
      Map.entry("bytes_object.ob_sval", "PyBytesObject.ob_sval"),
      Map.entry("unicode_object.size", "sizeof.PyUnicodeObject"),
      Map.entry("unicode_object.state", "PyASCIIObject.state"),
      Map.entry("unicode_object.length", "PyASCIIObject.length"),
      Map.entry("unicode_object.asciiobject_size", "sizeof.PyASCIIObject"),
      Map.entry("unicode_object.compactunicodeobject_size", "sizeof.PyCompactUnicodeObject"),
      Map.entry("gc.size", "sizeof._gc_runtime_state"),
      Map.entry("gc.collecting", "_gc_runtime_state.collecting"),
      Map.entry("gc.generation_stats", "_gc_runtime_state.generation_stats"),
      Map.entry("gen_object.size", "sizeof.PyGenObject"),
      Map.entry("gen_object.gi_name", "PyGenObject.gi_name"),
      Map.entry("gen_object.gi_iframe", "PyGenObject.gi_iframe"),
      Map.entry("gen_object.gi_frame_state", "PyGenObject.gi_frame_state")));

  /** What one probe run reported. */
  record ProbeResult(List<String> mismatches, int checks, Map<String, Long> published, String output) {}

  @TestFactory
  Stream<DynamicTest> everyInstalledInterpreterConfirmsItsTableFromItsOwnMemory() {
    return TestPythons.requireAll().stream().map(python -> DynamicTest.dynamicTest(python.toString(), () -> {
      RawLayout layout = LayoutTable.forMinor(python.minor()).orElseThrow();
      ProbeResult result = probe(python, committedTable(python.minor()));
      assertThat(result.mismatches()).as("checks that disagree (check, expected, actual); output:%n%s", result.output())
          .isEmpty();
      assertThat(result.checks()).as("checks run").isGreaterThan(140);
      if (python.minor() >= 13) {
        assertPublishedOffsetsMatch(layout, result.published());
      }
    }));
  }

  @Test
  void aTableWithOneWrongOffsetIsCaught() throws Exception {
    Interpreter python = TestPythons.require(12, Kind.PYENV_SHARED);
    RawLayout layout = LayoutTable.forMinor(12).orElseThrow();
    String shifted = committedTable(12).replace(
        "PyCodeObject.co_name=" + layout.get("PyCodeObject.co_name") + "\n",
        "PyCodeObject.co_name=" + (layout.get("PyCodeObject.co_name") + 8) + "\n");
    assertThat(shifted).isNotEqualTo(committedTable(12));
    assertThat(probe(python, shifted).mismatches()).anySatisfy(line -> assertThat(line).startsWith("co_name\t"));
  }

  private static void assertPublishedOffsetsMatch(RawLayout layout, Map<String, Long> published) {
    assertThat(published).as("_Py_DebugOffsets fields read").hasSize(
        (int) layout.values().keySet().stream()
            .filter(k -> k.startsWith("_Py_DebugOffsets.") && !k.equals("_Py_DebugOffsets.cookie")).count());
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Long> actual = new TreeMap<>();
    PUBLISHED_AS.forEach((field, plainKeys) -> {
      Long value = published.get("_Py_DebugOffsets." + field);
      List<String> keys = List.of(plainKeys.split("\\+"));
      if (value != null && keys.stream().allMatch(layout::has)) {
        expected.put(field, keys.stream().mapToLong(layout::get).sum());
        actual.put(field, value);
      }
    });
    assertThat(actual).as("offsets the runtime publishes vs the table").isEqualTo(expected);
    assertThat(actual).as("fields compared").hasSizeGreaterThan(50);
  }

  private static String committedTable(int minor) throws IOException {
    return Files.readString(GeneratedLayoutsTest.COMMITTED.resolve("python-3." + minor + ".properties"));
  }

  private static ProbeResult probe(Interpreter python, String table) throws Exception {
    Process process = new ProcessBuilder(python.executable().toString(), "-I", PROBE.toString())
        .redirectErrorStream(true).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(table.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("probe exit status; output:%n%s", output).isZero();
    List<String> mismatches = new ArrayList<>();
    Map<String, Long> published = new TreeMap<>();
    int checks = 0;
    for (String line : output.split("\n")) {
      String[] fields = line.split("\t");
      if (fields[0].equals("check") && fields.length == 4) {
        checks++;
        if (!fields[2].equals(fields[3])) {
          mismatches.add(fields[1] + "\t" + fields[2] + "\t" + fields[3]);
        }
      } else if (fields[0].equals("blob") && fields.length == 3) {
        published.put(fields[1], Long.parseUnsignedLong(fields[2]));
      }
    }
    return new ProbeResult(mismatches, checks, published, output);
  }
}
