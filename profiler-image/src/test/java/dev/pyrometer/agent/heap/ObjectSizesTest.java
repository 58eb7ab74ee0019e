package dev.pyrometer.agent.heap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.heap.report.WalkResult;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sizes and references decoded from outside equal what {@code sys.getsizeof} and
 * {@code gc.get_referents} say inside, over a corpus of every str kind, ints, bytes, tuples,
 * lists with slack, dicts (combined, split, with deletions), sets, instances with and without
 * slots, subclasses of built-ins, modules, functions and classes.
 */
class ObjectSizesTest {

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void sizesAndReferencesEqualWhatPythonSays(Interpreter python) throws Exception {
    try (HeapTarget target = HeapTarget.start(python, "size_corpus.py");
        AttachedProcess process = AttachedProcess.attach(target.pid());
        HeapAnalyzer analyzer = new HeapAnalyzer(process, HeapAnalyzer.Options.racy())) {
      List<String> mismatches = analyzer.inspect(walk -> compare(walk, target.truth().get("corpus")));
      assertThat(mismatches).as(python + ": object name: what differs").isEmpty();
    }
  }

  private static List<String> compare(WalkResult walk, JsonNode truth) {
    List<String> mismatches = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = truth.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long address = e.getValue().get("id").asLong();
      TypeInfo type = walk.types().typeOf(address);
      if (type == null) {
        mismatches.add(e.getKey() + ": not recognised as an object");
        continue;
      }
      long size = walk.sizes().pythonSize(address, type);
      long expected = e.getValue().get("size").asLong();
      if (size != expected) {
        mismatches.add(e.getKey() + ": size " + size + ", sys.getsizeof " + expected);
      }
      if (type.kind() != TypeKind.TYPE) {
        Set<Long> missing = expectedReferences(e.getValue());
        missing.removeAll(references(walk, address, type));
        if (!missing.isEmpty()) {
          mismatches.add(e.getKey() + ": " + missing.size() + " references of gc.get_referents not decoded");
        }
      }
    }
    return mismatches;
  }

  private static Set<Long> expectedReferences(JsonNode entry) {
    Set<Long> out = new HashSet<>();
    entry.get("refs").forEach(r -> out.add(r.asLong()));
    return out;
  }

  private static Set<Long> references(WalkResult walk, long address, TypeInfo type) {
    Set<Long> out = new HashSet<>();
    walk.decoder().references(address, type, (child, kind, payload) -> out.add(child));
    walk.decoder().deferredReferences(address, type, (child, kind, payload) -> out.add(child));
    return out;
  }
}
