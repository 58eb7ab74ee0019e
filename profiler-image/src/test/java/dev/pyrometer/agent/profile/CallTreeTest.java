package dev.pyrometer.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallTreeTest {
  private static final FrameKey P1 = FrameKey.process(1, "python a.py");
  private static final FrameKey P2 = FrameKey.process(2, "python b.py");
  private static final FrameKey T1 = FrameKey.thread(11, null);
  private static final FrameKey T2 = FrameKey.thread(12, "worker");
  private static final FrameKey MAIN = FrameKey.python("main", "/app/a.py", 3);
  private static final FrameKey WORK = FrameKey.python("work", "/app/a.py", 9);
  private static final FrameKey POLL = FrameKey.syscall("poll");

  @Test
  void countsTotalAndSelfWeights() {
    CallTree tree = new CallTree();
    tree.add(List.of(MAIN, WORK), 3);
    tree.add(List.of(MAIN), 2);
    CallTree.Node main = tree.root().children().iterator().next();
    assertThat(tree.total()).isEqualTo(5);
    assertThat(main.total()).isEqualTo(5);
    assertThat(main.self()).isEqualTo(2);
  }

  @Test
  void aStackAddedAgainAtItsNodeCountsAsIfAddedWhole() {
    CallTree tree = new CallTree();
    int[] ids = {tree.frames().intern(P1), tree.frames().intern(T1), tree.frames().intern(MAIN), tree.frames().intern(WORK)};
    CallTree.Node leaf = tree.add(ids, ids.length, 1);
    tree.addAgain(leaf, 2);
    tree.add(ids, 3, 1); // P1 T1 MAIN
    assertThat(leaf.frameId()).isEqualTo(ids[3]);
    assertThat(stacks(tree)).containsOnly(Map.entry(List.of(P1, T1, MAIN, WORK), 3L), Map.entry(List.of(P1, T1, MAIN), 1L));
    assertThat(tree.total()).isEqualTo(4);
  }

  @Test
  void splicingOutThreadLevelsMergesTheirStacks() {
    CallTree tree = new CallTree();
    tree.add(List.of(P1, T1, MAIN, WORK), 3);
    tree.add(List.of(P1, T2, MAIN, WORK), 4);
    tree.add(List.of(P1, T2, MAIN, WORK, POLL), 1);
    assertThat(stacks(tree.without(EnumSet.of(FrameKind.THREAD))))
        .containsOnly(Map.entry(List.of(P1, MAIN, WORK), 7L), Map.entry(List.of(P1, MAIN, WORK, POLL), 1L));
    assertThat(stacks(tree.displayView())).containsOnly(Map.entry(List.of(MAIN, WORK), 7L), Map.entry(List.of(MAIN, WORK, POLL), 1L));
  }

  @Test
  void keepsProcessRootsWhenSeveralProcessesWereSampled() {
    CallTree tree = new CallTree();
    tree.add(List.of(P1, T1, MAIN), 1);
    tree.add(List.of(P2, T1, MAIN), 2);
    assertThat(stacks(tree.displayView())).containsOnly(Map.entry(List.of(P1, MAIN), 1L), Map.entry(List.of(P2, MAIN), 2L));
  }

  @Test
  void handlesStacksDeeperThanASmallJavaStackWouldRecurse() throws Exception {
    List<FrameKey> deep = new ArrayList<>();
    deep.add(P1);
    deep.add(T1);
    for (int i = 0; i < 20_000; i++) {
      deep.add(FrameKey.python("f", "/app/a.py", i));
    }
    CallTree tree = new CallTree();
    tree.add(deep, 1);
    long[] seen = new long[2];
    Thread small = new Thread(null, () -> {
      tree.displayView().forEachStack((path, weight) -> {
        seen[0] = path.size();
        seen[1] = weight;
      });
    }, "small-stack", 256 * 1024);
    small.start();
    small.join();
    assertThat(seen).containsExactly(20_000, 1);
  }

  @Test
  void theViewKeepsEveryStackWeightOfRandomTrees() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      CallTree tree = new CallTree();
      Map<List<FrameKey>, Long> expected = new HashMap<>();
      for (int s = 0; s < 200; s++) {
        List<FrameKey> stack = new ArrayList<>(List.of(random.nextBoolean() ? T1 : T2));
        for (int d = random.nextInt(6); d >= 0; d--) {
          stack.add(FrameKey.python("f" + random.nextInt(4), "/app/a.py", random.nextInt(3)));
        }
        long w = 1 + random.nextInt(5);
        tree.add(stack, w);
        expected.merge(stack.subList(1, stack.size()), w, Long::sum);
      }
      assertThat(stacks(tree.without(EnumSet.of(FrameKind.THREAD)))).isEqualTo(expected);
    }
  }

  @Test
  void stopsGrowingAtItsNodeCapAndCountsWhatItFoldedIntoOther() {
    CallTree tree = new CallTree(new FrameTable(), 3);
    tree.add(List.of(MAIN, WORK), 1);
    tree.add(List.of(MAIN, POLL), 5);
    tree.add(List.of(MAIN, POLL, WORK), 2);
    assertThat(tree.overflowWeight()).isEqualTo(7);
    assertThat(tree.total()).isEqualTo(8);
    // no process or thread level in these stacks: one [other] under the root takes the rest
    assertThat(tree.nodeCount()).isEqualTo(4);
    assertThat(stacks(tree)).isEqualTo(Map.of(List.of(MAIN, WORK), 1L, List.of(CallTree.OTHER), 7L));
  }

  private static Map<List<FrameKey>, Long> stacks(CallTree tree) {
    Map<List<FrameKey>, Long> out = new HashMap<>();
    tree.forEachStack((path, weight) -> out.merge(List.copyOf(path), weight, Long::sum));
    return out;
  }
}
