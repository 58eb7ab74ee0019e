package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import java.util.List;

/** Receives the stacks of a profile one by one: the thread, its frames root first, and the weight. */
@FunctionalInterface
interface StackConsumer {
  /** The frame list is reused after the call returns: copy what must be kept. */
  void accept(ThreadRef thread, List<FrameKey> frames, long weight);
}
