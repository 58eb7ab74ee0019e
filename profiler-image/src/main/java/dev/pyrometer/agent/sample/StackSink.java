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
    synchronized (tree) {
      tree.add(rootFirst, 1);
    }
  }

  CallTree tree() {
    return tree;
  }
}
