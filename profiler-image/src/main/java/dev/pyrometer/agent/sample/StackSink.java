package dev.pyrometer.agent.sample;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.util.List;

/** Where samplers of several processes put their stacks: one call tree, shared under a lock. */
final class StackSink {
  private final CallTree tree;

  StackSink(CallTree tree) {
    this.tree = tree;
  }

  void add(List<FrameKey> rootFirst) {
    add(rootFirst, 1);
  }

  /** @param weight samples the stack stands for (cpu mode: intervals of CPU time) */
  void add(List<FrameKey> rootFirst, long weight) {
    synchronized (tree) {
      tree.add(rootFirst, weight);
    }
  }

  /**
   * Adds one stack, root first, as the first {@code length} frame ids from {@link #intern}; returns
   * its node, to add the same stack again with {@link #addAgain}.
   */
  CallTree.Node add(int[] rootFirstIds, int length, long weight) {
    synchronized (tree) {
      return tree.add(rootFirstIds, length, weight);
    }
  }

  void addAgain(CallTree.Node leaf, long weight) {
    synchronized (tree) {
      tree.addAgain(leaf, weight);
    }
  }

  int intern(FrameKey frame) {
    synchronized (tree) {
      return tree.frames().intern(frame);
    }
  }

  CallTree tree() {
    return tree;
  }
}
