package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static dev.pyrometer.agent.analysis.Stacks.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.FrameKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Path derivation on hand-built trees: merging per function, lines on a path, threads, shares. */
class FunctionTreeTest {

  @Test
  void mergesTheLinesOfOneFunctionIntoOnePathAndNamesTheHottestLine() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 3, main(app("handle", 10), app("checksum", 5)))
        .add(100, 5, main(app("handle", 10), app("checksum", 6)))
        .add(100, 2, main(app("handle", 10), app("checksum", 7))));

    List<LeafPath> paths = tree.leafPaths();

    assertThat(paths).hasSize(1);
    assertThat(paths.get(0).weight()).isEqualTo(10);
    assertThat(paths.get(0).deepestPython().line()).isEqualTo(6);
  }

  @Test
  void keepsCallSitesOfTheSameCalleeApartAndNamesEachCallersLine() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 8, main(app("handle", 12), std("subprocess.py", "run", 550), sys("poll")))
        .add(100, 2, main(app("handle", 20), std("subprocess.py", "run", 550), sys("poll")))
        .add(100, 4, main(app("handle", 31))));

    List<LeafPath> paths = new ArrayList<>(tree.leafPaths());
    paths.sort(Comparator.comparingLong(LeafPath::weight).reversed());

    assertThat(paths).extracting(LeafPath::weight).containsExactly(8L, 4L, 2L);
    assertThat(paths.get(0).syscall()).isEqualTo("poll");
    assertThat(paths.get(0).python()).extracting(f -> f.frame().function() + ":" + f.line())
        .containsExactly("<module>:99", "handle:12", "run:550");
    assertThat(paths.get(2).python()).extracting(f -> f.frame().function() + ":" + f.line())
        .containsExactly("<module>:99", "handle:20", "run:550");
    assertThat(paths.get(1).python()).extracting(f -> f.frame().function() + ":" + f.line())
        .containsExactly("<module>:99", "handle:31");
  }

  @Test
  void theHeaviestPathEndsAtTheBlockingSystemCall() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 60, main(app("handle", 12), std("subprocess.py", "run", 550), std("subprocess.py", "Popen.communicate", 1209),
            sys("poll")))
        .add(100, 30, main(app("handle", 12), std("subprocess.py", "run", 550), std("subprocess.py", "Popen.wait", 1264),
            sys("wait4")))
        .add(100, 10, main(app("log", 40), sys("write"))));

    LeafPath top = heaviest(tree);

    assertThat(top.frames().get(top.frames().size() - 1).frame().key()).isEqualTo(FrameKey.syscall("poll"));
    assertThat(top.weight()).isEqualTo(60);
    assertThat(top.frames()).extracting(PathFrame::total).containsExactly(100L, 90L, 90L, 60L, 60L);
  }

  @Test
  void mergesTheSameStackAcrossThreadsAndRemembersEachThread() {
    Stacks stacks = new Stacks();
    for (int tid = 101; tid <= 103; tid++) {
      stacks.add(tid, 5, thread(std("concurrent/futures/thread.py", "_worker", 89), sys("futex")));
    }

    List<LeafPath> paths = tree(stacks).leafPaths();

    assertThat(paths).hasSize(1);
    assertThat(paths.get(0).weight()).isEqualTo(15);
    assertThat(paths.get(0).threads()).hasSize(3).allSatisfy((thread, weight) -> assertThat(weight).isEqualTo(5));
  }

  @Test
  void keepsEverySampleInExactlyOneLeafPath() {
    FunctionTree tree = tree(new Stacks()
        .add(100, 7, main(app("a", 1), app("b", 2)))
        .add(100, 3, main(app("a", 1)))
        .add(101, 4, thread(app("c", 3), sys("futex"))));

    assertThat(tree.leafPaths().stream().mapToLong(LeafPath::weight).sum()).isEqualTo(tree.total()).isEqualTo(14);
  }

  @Test
  void prefersAnApplicationFrameWithARealFileOverGeneratedCode() {
    LeafPath path = Stacks.path(main(app("build", 14), app("<string>", "__init__", 3)));

    assertThat(path.python().get(path.deepestAppIndex()).frame().function()).isEqualTo("build");
  }

  @Test
  void findsTheEntryFunctionOfStartedThreadsAndOfTheMainThread() {
    LeafPath worker = Stacks.path(thread(app("consume", 12), std("queue.py", "Queue.get", 171)));
    LeafPath mainThread = Stacks.path(List.of(std("runpy.py", "_run_module_as_main", 198), std("runpy.py", "_run_code", 88),
        app("<module>", 5), app("main", 9)));

    assertThat(worker.isMainThread()).isFalse();
    assertThat(worker.python().get(worker.entryIndex()).frame().function()).isEqualTo("consume");
    assertThat(mainThread.isMainThread()).isTrue();
    assertThat(mainThread.python().get(mainThread.entryIndex()).frame().function()).isEqualTo("<module>");
  }

  private static FunctionTree tree(Stacks stacks) {
    FunctionTree tree = new FunctionTree();
    StackSplitter.walk(stacks.tree(), List.of(tree));
    return tree;
  }

  private static LeafPath heaviest(FunctionTree tree) {
    List<LeafPath> paths = new ArrayList<>(tree.leafPaths());
    paths.sort(Comparator.comparingLong(LeafPath::weight).reversed());
    return paths.get(0);
  }
}
