package dev.pyrometer.agent.python.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed tables against offsets measured independently (the research briefs' tables:
 * live reads of running interpreters and py-spy's hard-coded values), and the loader's API.
 */
class LayoutTableTest {

  private static RawLayout layout(int minor) {
    return LayoutTable.forMinor(minor).orElseThrow();
  }

  @Test
  void coversEveryMinorVersionFrom38To315() {
    assertThat(LayoutTable.supportedMinors()).containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(LayoutTable.forMinor(7)).isEmpty();
    assertThat(LayoutTable.forMinor(16)).isEmpty();
  }

  @Test
  void recordsTheExactHeaderVersionOfEachMinor() {
    for (int minor : LayoutTable.supportedMinors()) {
      RawLayout layout = layout(minor);
      assertThat(layout.minor()).isEqualTo(minor);
      assertThat(layout.sourceVersion()).matches("3\\." + minor + "\\.\\d+");
      assertThat(layout.get("const.PY_VERSION_HEX") >> 16).isEqualTo(0x300L | minor);
    }
  }

  @Test
  void loadsEachTableOnlyOnce() {
    assertThat(LayoutTable.forMinor(12).orElseThrow()).isSameAs(LayoutTable.forMinor(12).orElseThrow());
  }

  @Test
  void namesTheKeyAndVersionWhenAKeyIsMissing() {
    RawLayout layout = layout(12);
    assertThatThrownBy(() -> layout.get("PyThreadState.current_frame"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no layout key PyThreadState.current_frame for Python 3.12");
    assertThat(layout.find("PyThreadState.current_frame")).isEmpty();
    assertThat(layout.has("PyThreadState.cframe")).isTrue();
    assertThat(layout.find("PyThreadState.cframe")).hasValue(56);
  }

  @Test
  void matchesTheOffsetsPySpyHardCodesFor38To311() {
    assertThat(layout(8).values()).contains(
        entry("_PyRuntimeState.interpreters.head", 32L), entry("_PyRuntimeState.gilstate.tstate_current", 1368L),
        entry("PyInterpreterState.tstate_head", 8L), entry("PyThreadState.frame", 24L),
        entry("PyThreadState.thread_id", 176L), entry("PyFrameObject.f_back", 24L), entry("PyFrameObject.f_code", 32L),
        entry("PyFrameObject.f_lasti", 104L), entry("PyCodeObject.co_filename", 104L), entry("PyCodeObject.co_name", 112L),
        entry("PyCodeObject.co_lnotab", 120L), entry("PyCodeObject.co_firstlineno", 40L), entry("PyInterpreterState.modules", 56L));
    assertThat(layout(9).values()).contains(
        entry("_PyRuntimeState.gilstate.tstate_current", 568L), entry("PyInterpreterState.modules", 856L),
        entry("PyInterpreterState.sysdict", 872L), entry("PyInterpreterState.builtins", 880L));
    assertThat(layout(10).values()).contains(
        entry("_PyRuntimeState.gilstate.tstate_current", 568L), entry("PyFrameObject.f_lasti", 96L),
        entry("PyCodeObject.co_linetable", 120L));
    assertThat(layout(11).values()).contains(
        entry("_PyRuntimeState.interpreters.head", 40L), entry("_PyRuntimeState.gilstate.tstate_current", 576L),
        entry("PyInterpreterState.threads.head", 16L), entry("PyThreadState.cframe", 56L),
        entry("_PyCFrame.current_frame", 8L), entry("PyThreadState.thread_id", 152L),
        entry("PyThreadState.native_thread_id", 160L), entry("PyThreadState.datastack_chunk", 296L),
        entry("_PyInterpreterFrame.previous", 48L), entry("_PyInterpreterFrame.f_code", 32L),
        entry("_PyInterpreterFrame.prev_instr", 56L), entry("_PyInterpreterFrame.is_entry", 68L),
        entry("_PyInterpreterFrame.owner", 69L), entry("sizeof._PyInterpreterFrame", 80L),
        entry("PyCodeObject.co_qualname", 128L), entry("PyCodeObject.co_linetable", 136L),
        entry("PyCodeObject.co_firstlineno", 72L), entry("PyCodeObject.co_code_adaptive", 184L));
  }

  @Test
  void matchesTheOffsetsReadLiveFrom312() {
    assertThat(layout(12).values()).contains(
        entry("PyInterpreterState.threads.head", 72L), entry("PyInterpreterState.ceval.gil", 384L),
        entry("_gil_runtime_state.last_holder", 8L), entry("_gil_runtime_state.locked", 16L),
        entry("_PyCFrame.current_frame", 0L), entry("PyThreadState.thread_id", 136L),
        entry("PyThreadState.native_thread_id", 144L), entry("PyThreadState.datastack_chunk", 232L),
        entry("_PyInterpreterFrame.f_code", 0L), entry("_PyInterpreterFrame.previous", 8L),
        entry("_PyInterpreterFrame.owner", 70L), entry("PyCodeObject.co_code_adaptive", 192L),
        entry("sizeof.PyASCIIObject", 40L), entry("sizeof.PyCompactUnicodeObject", 56L),
        entry("PyInterpreterState.gc", 112L), entry("PyInterpreterState.imports.modules", 944L),
        entry("const.FRAME_OWNED_BY_CSTACK", 3L));
  }

  @Test
  void matchesTheGarbageCollectorLayoutOfTheHeapBrief() {
    assertThat(layout(8).values()).contains(entry("_PyRuntimeState.gc", 344L));
    for (int minor = 8; minor <= 13; minor++) {
      assertThat(layout(minor).values()).as("3.%d", minor).contains(
          entry("sizeof.PyGC_Head", 16L), entry("sizeof._gc_runtime_state", 240L),
          entry("_gc_runtime_state.generations.0.head", 24L), entry("_gc_runtime_state.generations.1.head", 48L),
          entry("_gc_runtime_state.generations.2.head", 72L), entry("_gc_runtime_state.generation0", 96L),
          entry("_gc_runtime_state.permanent_generation.head", 104L), entry("_gc_runtime_state.collecting", 200L),
          entry("PyDictObject.ma_used", 16L), entry("PyDictObject.ma_keys", 32L), entry("PyListObject.allocated", 32L),
          entry("PySetObject.smalltable", 64L), entry("PyModuleObject.md_dict", 16L), entry("PyTypeObject.tp_mro", 344L));
    }
    assertThat(layout(13).values()).contains(
        entry("PyInterpreterState.gc", 7400L), entry("PyInterpreterState.sysdict", 7640L),
        entry("PyInterpreterState.builtins", 7648L));
  }

  @Test
  void placesThe313DebugOffsetsFieldsWhereTheRuntimePublishesThem() {
    RawLayout layout = layout(13);
    assertThat(layout.get("sizeof._Py_DebugOffsets")).isEqualTo(584);
    assertSections(layout, Map.of("runtime_state", 24L, "interpreter_state", 48L, "thread_state", 152L,
        "interpreter_frame", 224L, "code_object", 272L, "pyobject", 352L, "type_object", 368L,
        "bytes_object", 512L, "unicode_object", 536L, "gc", 568L));
    // current_frame is the fifth u64 of thread_state: size, prev, next, interp, current_frame
    assertThat(layout.get("_Py_DebugOffsets.thread_state.current_frame")).isEqualTo(152 + 4 * 8);
    assertThat(layout.values()).contains(
        entry("_PyRuntimeState.interpreters.head", 632L), entry("PyInterpreterState.next", 7264L),
        entry("PyInterpreterState.threads.head", 7344L), entry("PyThreadState.current_frame", 72L),
        entry("PyThreadState.thread_id", 152L), entry("_PyInterpreterFrame.f_executable", 0L),
        entry("_PyInterpreterFrame.instr_ptr", 56L), entry("_PyInterpreterFrame.owner", 70L),
        entry("PyCodeObject.co_code_adaptive", 200L));
  }

  @Test
  void placesThe314DebugOffsetsFieldsWhereTheRuntimePublishesThem() {
    RawLayout layout = layout(14);
    assertThat(layout.get("sizeof._Py_DebugOffsets")).isEqualTo(760);
    assertSections(layout, Map.of("thread_state", 176L, "interpreter_frame", 248L, "code_object", 312L,
        "pyobject", 400L, "type_object", 416L, "set_object", 496L, "bytes_object", 592L,
        "unicode_object", 616L, "gc", 648L));
    assertThat(layout.get("_Py_DebugOffsets.debugger_support.eval_breaker")).isEqualTo(712);
    assertThat(layout.values()).contains(
        entry("_PyRuntimeState.interpreters.head", 808L), entry("PyInterpreterState.next", 7272L),
        entry("PyInterpreterState.threads.head", 7344L), entry("PyInterpreterState.ceval.gil", 16L),
        entry("PyThreadState.holds_gil", 36L), entry("_PyInterpreterFrame.owner", 74L),
        entry("sizeof._PyInterpreterFrame", 88L), entry("PyCodeObject.co_code_adaptive", 208L),
        entry("const.FRAME_OWNED_BY_INTERPRETER", 3L), entry("const.FRAME_OWNED_BY_CSTACK", 4L));
  }

  @Test
  void knowsThat315DropsTheCStackOwnerAndPublishesMoreThreadFields() {
    RawLayout layout = layout(15);
    assertThat(layout.has("const.FRAME_OWNED_BY_CSTACK")).isFalse();
    assertThat(layout.get("const.FRAME_OWNED_BY_INTERPRETER")).isEqualTo(3);
    assertThat(layout.values()).containsKeys("_Py_DebugOffsets.thread_state.holds_gil",
        "_Py_DebugOffsets.thread_state.gil_requested", "_Py_DebugOffsets.thread_state.last_profiled_frame",
        "_Py_DebugOffsets.gc.frame");
  }

  @Test
  void listsEveryDebugOffsetsFieldAsOneEightByteSlot() {
    for (int minor = 13; minor <= 15; minor++) {
      RawLayout layout = layout(minor);
      long[] positions = layout.values().entrySet().stream()
          .filter(e -> e.getKey().startsWith("_Py_DebugOffsets.") && !e.getKey().endsWith(".cookie"))
          .mapToLong(Map.Entry::getValue).sorted().toArray();
      // after the 8-byte cookie every field is a u64, so the fields tile the struct exactly
      assertThat(positions[0]).as("3.%d first field", minor).isEqualTo(8);
      for (int i = 1; i < positions.length; i++) {
        assertThat(positions[i] - positions[i - 1]).as("3.%d gap before field %d", minor, i).isEqualTo(8);
      }
      assertThat(positions[positions.length - 1] + 8).isEqualTo(layout.get("sizeof._Py_DebugOffsets"));
    }
  }

  private static void assertSections(RawLayout layout, Map<String, Long> sectionStarts) {
    sectionStarts.forEach((section, start) ->
        assertThat(layout.get("_Py_DebugOffsets." + section + ".size")).as(section).isEqualTo(start));
  }
}
