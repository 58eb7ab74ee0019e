package dev.pyrometer.agent.heap.graph;

/** Receives the references a decoder finds in one object. */
@FunctionalInterface
public interface EdgeSink {
  /**
   * A reference to {@code child} (maybe not an object: the sink validates it), named by a
   * {@link Label} kind and payload.
   */
  void edge(long child, int labelKind, long payload);
}
