package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.FoldedProfile;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sampler reads ahead what the previous sample needed and caches code objects by address:
 * neither may ever make it report a frame that was not on the stack. The target
 * ({@code reload_churn.py}) starts and ends threads, creates and destroys sub-interpreters, and
 * reloads a rewritten module so that new code objects take freed addresses; generation g's
 * function {@code w<g>} is only ever called from the call site for {@code g % 4}, and its lines
 * move with g. A stale read or a stale cache entry shows up as {@code w<g>} under another site, or
 * at a line {@code w<g>} does not have; so does a torn walk (caller and callee read at two
 * instants) that was not detected and dropped.
 */
class CacheInvalidationTest {
  private static final Pattern FRAME = Pattern.compile("^(.+) \\((.+):(\\d+)\\)$");
  private static final Pattern GENERATION = Pattern.compile("^w(\\d+)$");
  private static final Set<String> DRIVER_FUNCTIONS =
      Set.of("<module>", "drive", "short_lived", "spawner", "subinterpreters", "write_generation", "<listcomp>");

  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void neverReportsAFrameThatWasNotOnTheStack(Interpreter python) throws Exception {
    assertEveryFrameWasOnTheStack(python);
  }

  /** Interpreters whose code objects the cache trusts while a counter stays still (3.12, 3.14+). */
  static Stream<Interpreter> countingInterpreters() {
    return TestPythons.requireAll().stream().filter(p -> p.minor() == 12 || p.minor() >= 14);
  }

  /**
   * Without sub-interpreters the interpreter list never changes: then only the code-object counter
   * (3.12: created; 3.14+: freed) can tell the cache that an address now holds another code object.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("countingInterpreters")
  void neverReportsAFrameThatWasNotOnTheStackWhileTheInterpreterListStaysStill(Interpreter python) throws Exception {
    assertEveryFrameWasOnTheStack(python, "--no-subinterpreters");
  }

  private void assertEveryFrameWasOnTheStack(Interpreter python, String... args) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "reload_churn.py", dir, args)) {
      int[] sites = new int[4];
      for (int k = 0; k < 4; k++) {
        sites[k] = target.lineOf("# SITE " + k);
      }
      List<String> wrong = new ArrayList<>();
      Set<Integer> generations = new TreeSet<>();
      Path out = null;
      // a starved machine may leave the target's reload loop too few turns in one recording: record
      // again (at most 3 times) until reloaded generations were sampled; every recording is judged
      for (int attempt = 0; attempt < 3 && generations.size() < 2; attempt++) {
        out = dir.resolve("out" + attempt);
        AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "wall", "--duration", "4s",
            "--rate", "2000", "-o", out.toString()).assertOk();
        for (FoldedProfile.Stack stack : FoldedProfile.read(out.resolve("profile.folded")).stacks()) {
          List<String> frames = stack.frames();
          for (int i = 0; i < frames.size(); i++) {
            Matcher m = FRAME.matcher(frames.get(i));
            if (!m.matches()) {
              continue;
            }
            String function = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
            String file = m.group(2);
            int line = Integer.parseInt(m.group(3));
            if (file.equals("reloaded_mod.py")) {
              Matcher g = GENERATION.matcher(function);
              if (!g.matches()) {
                if (!function.equals("<module>") && !function.equals("<listcomp>")) {
                  wrong.add("unknown function " + frames.get(i));
                }
                continue;
              }
              int generation = Integer.parseInt(g.group(1));
              generations.add(generation);
              int def = 3 + generation % 5;
              if (line < def || line > def + 4) {
                wrong.add(frames.get(i) + ": w" + generation + " spans lines " + def + "-" + (def + 4));
              }
              String caller = i > 0 ? frames.get(i - 1) : "";
              String expected = "drive (reload_churn.py:" + sites[generation % 4] + ")";
              // strict: w<g> runs only under its own call site. A torn walk (caller and callee read
              // at two instants) or a stale cache entry must be detected and dropped, not reported.
              if (!caller.endsWith(expected)) {
                wrong.add(frames.get(i) + " called from " + caller + ", expected " + expected);
              }
            } else if (file.equals("reload_churn.py")) {
              if (!DRIVER_FUNCTIONS.contains(function) || line < 1 || line > 100) {
                wrong.add("not in reload_churn.py: " + frames.get(i));
              }
            } else if (file.equals("<string>")) {
              if (!function.equals("in_sub") && !function.equals("<module>")) {
                wrong.add("not in the sub-interpreter's code: " + frames.get(i));
              }
            }
          }
        }
      }
      assertThat(wrong).isEmpty();
      // not vacuous: reloaded generations were sampled (a loaded machine may leave the sampler few ticks)
      assertThat(generations)
          .as("generations sampled; summary: %s; profile:%n%s", Files.readString(out.resolve("summary.json")),
              String.join("\n", Files.readAllLines(out.resolve("profile.folded")).stream().limit(40).toList()))
          .hasSizeGreaterThanOrEqualTo(2);
    }
  }
}
