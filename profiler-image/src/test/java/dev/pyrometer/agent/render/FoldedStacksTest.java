package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FoldedStacksTest {
  private static final FrameKey MAIN = FrameKey.python("main", "/srv/app/app.py", 10);
  private static final FrameKey HANDLE = FrameKey.python("handle", "/srv/app/app.py", 22);
  private static final FrameKey GET = FrameKey.python("Session.get", "/venv/lib/python3.12/site-packages/requests/sessions.py", 602);
  private static final FrameKey POLL = FrameKey.syscall("poll");

  @Test
  void writesOneLinePerStackRootFirstWithItsSelfWeight() {
    CallTree tree = new CallTree();
    tree.add(List.of(MAIN, HANDLE, POLL), 5);
    tree.add(List.of(MAIN, HANDLE), 2);
    tree.add(List.of(MAIN, GET), 1);
    tree.add(List.of(MAIN, HANDLE, POLL), 3);

    assertThat(FoldedStacks.toText(tree))
        .isEqualTo(
            "main (app.py:10);Session.get (requests/sessions.py:602) 1\n"
                + "main (app.py:10);handle (app.py:22) 2\n"
                + "main (app.py:10);handle (app.py:22);poll_[k] 8\n");
  }

  @Test
  void mergesSiblingFramesThatLookTheSame() {
    CallTree tree = new CallTree();
    tree.add(List.of(MAIN, FrameKey.python("load", "/srv/app/util.py", 3)), 4);
    tree.add(List.of(MAIN, FrameKey.python("load", "/srv/lib/util.py", 3)), 6);

    assertThat(FoldedStacks.toText(tree)).isEqualTo("main (app.py:10);load (util.py:3) 10\n");
  }

  @Test
  void givesTheSameBytesWhateverOrderTheSamplesCameIn() {
    List<List<FrameKey>> stacks = randomStacks(new Random(7), 300);
    CallTree forward = new CallTree();
    stacks.forEach(s -> forward.add(s, 1));
    Collections.shuffle(stacks, new Random(11));
    CallTree shuffled = new CallTree();
    stacks.forEach(s -> shuffled.add(s, 1));

    assertThat(FoldedStacks.toText(shuffled)).isEqualTo(FoldedStacks.toText(forward));
  }

  @Test
  void roundTripsAFoldedFileByteForByte() throws IOException {
    String folded = resource("two-processes.folded");

    FoldedStacks.ParseResult parsed = FoldedStacks.parse(folded);

    assertThat(parsed.invalidLines()).isZero();
    assertThat(parsed.validLines()).isEqualTo(folded.lines().count());
    assertThat(FoldedStacks.toText(parsed.tree())).isEqualTo(folded);
  }

  @Test
  void roundTripsRandomTreesAndKeepsEveryStackWeight() {
    List<List<FrameKey>> stacks = randomStacks(new Random(3), 2000);
    CallTree tree = new CallTree();
    Map<String, Long> expected = new HashMap<>();
    Random weights = new Random(5);
    for (List<FrameKey> stack : stacks) {
      long weight = 1 + weights.nextInt(50);
      tree.add(stack, weight);
      expected.merge(String.join(";", stack.stream().map(FrameKey::label).toList()), weight, Long::sum);
    }

    String written = FoldedStacks.toText(tree);
    CallTree parsed = FoldedStacks.parse(written).tree();

    assertThat(FoldedStacks.toText(parsed)).isEqualTo(written);
    assertThat(parsed.total()).isEqualTo(tree.total());
    Map<String, Long> actual = new HashMap<>();
    parsed.forEachStack((path, weight) -> actual.put(String.join(";", path.stream().map(FrameKey::label).toList()), weight));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void parsesEachFrameKindBackFromItsLabel() {
    CallTree tree = FoldedStacks.parse(
            "process 42: python app.py;thread 43 (worker);run (app.py:7);<truncated> 2\n"
                + "process 42: python app.py;thread 44;wait (threading.py:320);futex_[k] 1\n"
                + "process 42: python app.py;thread 44;get (requests/api.py:73);[unknown] 1\n")
        .tree();

    List<List<FrameKey>> stacks = new ArrayList<>();
    tree.forEachStack((path, weight) -> stacks.add(List.copyOf(path)));

    assertThat(stacks).containsExactlyInAnyOrder(
        List.of(FrameKey.process(42, "python app.py"), FrameKey.thread(43, "worker"),
            FrameKey.python("run", "app.py", 7), FrameKey.marker("<truncated>")),
        List.of(FrameKey.process(42, "python app.py"), FrameKey.thread(44, null),
            FrameKey.python("get", "/site-packages/requests/api.py", 73), FrameKey.marker("[unknown]")),
        List.of(FrameKey.process(42, "python app.py"), FrameKey.thread(44, null),
            FrameKey.python("wait", "threading.py", 320), FrameKey.syscall("futex")));
  }

  @Test
  void countsInvalidLinesAndKeepsTheValidOnes() {
    FoldedStacks.ParseResult parsed = FoldedStacks.parse(
        "a;b 3\n"
            + "no count here\n"
            + "\n"
            + "a;c -4\n"
            + " 12\n"
            + "a;c 1.5\n"
            + "a;b 2\n"
            + "a;zero 0\n");

    assertThat(parsed.validLines()).isEqualTo(3);
    assertThat(parsed.invalidLines()).isEqualTo(4);
    assertThat(parsed.firstInvalidLine()).isEqualTo(2);
    assertThat(parsed.warning()).hasValue("Ignored 4 lines with invalid format (first at line 2)");
    assertThat(FoldedStacks.toText(parsed.tree())).isEqualTo("a;b 5\n");
  }

  @Test
  void keepsLabelsThatNoPatternRebuildsExactlyAsMarkers() {
    for (String label : List.of("run (app.py:007)", "thread 5 ()", "process x: y", "a b c", "", "_[k]", "f (a (b.py:1)")) {
      assertThat(FrameLabels.parse(label).label()).as(label).isEqualTo(label);
    }
  }

  private static List<List<FrameKey>> randomStacks(Random random, int count) {
    List<FrameKey> pool = List.of(
        FrameKey.process(1, "python a.py"), FrameKey.thread(1, "MainThread"), FrameKey.thread(2, null),
        MAIN, HANDLE, GET, POLL, FrameKey.marker("<truncated>"),
        FrameKey.python("<module>", "/usr/lib/python3.11/runpy.py", 88),
        FrameKey.python("_worker", "/usr/lib/python3.11/concurrent/futures/thread.py", 83),
        FrameKey.python("Client.send", "/opt/venv/lib/python3.11/site-packages/httpx/_client.py", 1001));
    List<List<FrameKey>> stacks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int depth = 1 + random.nextInt(12);
      List<FrameKey> stack = new ArrayList<>(depth);
      for (int d = 0; d < depth; d++) {
        stack.add(pool.get(random.nextInt(pool.size())));
      }
      stacks.add(stack);
    }
    return stacks;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = FoldedStacksTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
