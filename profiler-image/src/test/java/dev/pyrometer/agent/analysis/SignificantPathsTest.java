package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.lib;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static dev.pyrometer.agent.analysis.Stacks.thread;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The dominant-path derivation on hand-built trees. */
class SignificantPathsTest {

  @Test
  void followsTheDominantChildDownToTheSystemCallAndThenFindsTheNextDistinctPath() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 60, main(app("handle", 12), std("subprocess.py", "run", 550), std("subprocess.py", "Popen.communicate", 1209),
            sys("poll")))
        .add(100, 25, main(app("handle", 12), std("subprocess.py", "run", 550), std("subprocess.py", "Popen.wait", 1264),
            sys("wait4")))
        .add(100, 15, main(app("log", 40), sys("write"))));

    List<SignificantPaths.Found> paths = SignificantPaths.find(tree, 10, true);

    assertThat(paths).extracting(SignificantPaths.Found::weight).containsExactly(60L, 25L, 15L);
    assertThat(names(paths.get(0))).containsExactly("<module>", "handle", "run", "Popen.communicate", "poll");
    assertThat(names(paths.get(1))).endsWith("Popen.wait", "wait4");
    assertThat(names(paths.get(2))).containsExactly("<module>", "log", "write");
  }

  @Test
  void stopsWhereNoChildDominatesSoSpreadWorkIsOnePathWithItsWholeShare() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 30, main(app("handle", 10), std("json/__init__.py", "dumps", 231)))
        .add(100, 30, main(app("handle", 11), std("re/__init__.py", "match", 167)))
        .add(100, 30, main(app("handle", 12), lib("yaml/__init__.py", "safe_load", 125)))
        .add(100, 10, main(app("startup", 3))));

    List<SignificantPaths.Found> paths = SignificantPaths.find(tree, 10, false);

    assertThat(names(paths.get(0))).containsExactly("<module>", "handle");
    assertThat(paths.get(0).weight()).isEqualTo(90);
    assertThat(names(paths.get(1))).containsExactly("<module>", "startup");
    assertThat(paths).hasSize(2);
  }

  @Test
  void followsADominantChildIntoTheHotFunction() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 80, main(app("handle_request", 11), app("checksum", 6)))
        .add(100, 20, main(app("handle_request", 10))));

    SignificantPaths.Found top = SignificantPaths.find(tree, 1, false).get(0);

    assertThat(names(top)).containsExactly("<module>", "handle_request", "checksum");
    assertThat(top.weight()).isEqualTo(80);
  }

  @Test
  void leavesTheRootEvenWhenNoThreadDominates() {
    Stacks stacks = new Stacks().add(100, 50, main(app("serve", 5), sys("accept4")));
    stacks.add(101, 50, thread(app("consume", 12), sys("futex")));

    List<SignificantPaths.Found> paths = SignificantPaths.find(tree(stacks), 10, false);

    assertThat(paths).hasSize(2).allSatisfy(p -> assertThat(p.nodes()).isNotEmpty());
  }

  @Test
  void endsAtAFrameWhoseOwnSamplesOutweighItsHeaviestChild() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 50, main(app("handle", 9)))
        .add(100, 10, main(app("handle", 12), sys("write"))));

    SignificantPaths.Found top = SignificantPaths.find(tree, 10, true).get(0);

    assertThat(names(top)).containsExactly("<module>", "handle");
    assertThat(top.weight()).isEqualTo(50);
  }

  @Test
  void neverCountsASampleTwice() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 7, main(app("a", 1), app("b", 2), sys("poll")))
        .add(100, 5, main(app("a", 1), app("c", 3), sys("futex")))
        .add(100, 3, main(app("a", 4)))
        .add(101, 9, thread(app("w", 5), sys("read"))));

    for (boolean toLeaf : new boolean[] {true, false}) {
      List<SignificantPaths.Found> paths = SignificantPaths.find(tree, 100, toLeaf);
      assertThat(paths.stream().mapToLong(SignificantPaths.Found::weight).sum()).isEqualTo(tree.total());
    }
  }

  private static List<String> names(SignificantPaths.Found found) {
    return found.nodes().stream().map(n -> n.frame.function()).toList();
  }

  private static FunctionTree tree(Stacks stacks) {
    FunctionTree tree = new FunctionTree();
    StackSplitter.walk(stacks.tree(), List.of(tree));
    return tree;
  }
}
