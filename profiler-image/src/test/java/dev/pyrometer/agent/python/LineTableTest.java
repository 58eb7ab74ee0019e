package dev.pyrometer.agent.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three line-table decoders against CPython's own answer ({@code co_lines()}, or
 * {@code dis.findlinestarts} on 3.8/3.9) for every instruction of every code object of a few
 * standard-library modules, on each interpreter.
 */
class LineTableTest {
  static Stream<Interpreter> interpreters() {
    // one interpreter per minor version: the table format depends only on it
    List<Interpreter> seen = new ArrayList<>();
    return TestPythons.requireAll().stream().filter(p -> seen.stream().noneMatch(s -> s.minor() == p.minor()) && seen.add(p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void decodesTheLineOfEveryInstructionAsCPythonDoes(Interpreter python) throws Exception {
    Process process = new ProcessBuilder(python.executable().toString(),
        Path.of("src/test/resources/python/line_tables.py").toString()).redirectErrorStream(false).start();
    ObjectMapper json = new ObjectMapper();
    long instructions = 0;
    int codeObjects = 0;
    List<String> mismatches = new ArrayList<>();
    try (var lines = process.inputReader().lines()) {
      for (String line : (Iterable<String>) lines::iterator) {
        JsonNode code = json.readTree(line);
        byte[] table = HexFormat.of().parseHex(code.get("table").asText());
        int first = code.get("first").asInt();
        LineTable decoded = python.minor() <= 9 ? LineTable.fromLnotab(table, first)
            : python.minor() == 10 ? LineTable.fromLinetable310(table, first)
            : LineTable.fromLocationTable(table, first);
        codeObjects++;
        for (JsonNode pair : code.get("lines")) {
          if (pair.get(1).isNull()) {
            continue; // CPython has no line for this instruction either
          }
          int offset = pair.get(0).asInt();
          int address = python.minor() >= 11 ? offset / 2 : offset; // 3.11+ tables count code units
          int expected = pair.get(1).asInt();
          int actual = decoded.lineAt(address);
          instructions++;
          if (actual != expected && mismatches.size() < 10) {
            mismatches.add(code.get("name").asText() + " @" + offset + ": " + actual + " != " + expected);
          }
        }
      }
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(codeObjects).isGreaterThan(300);
    assertThat(instructions).isGreaterThan(10_000);
    assertThat(mismatches).as(instructions + " instructions").isEmpty();
  }

  @Test
  void aCorruptTableEndsTheDecodingInsteadOfRunningAway() {
    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    for (LineTable table : List.of(LineTable.fromLnotab(garbage, 10), LineTable.fromLinetable310(garbage, 10),
        LineTable.fromLocationTable(garbage, 10))) {
      table.lineAt(0);
      table.lineAt(1_000_000);
      assertThat(table.lineAt(-1)).isEqualTo(10);
    }
  }
}
