package dev.pyrometer.agent.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns frames to dense ids, in order of first appearance. */
public final class FrameTable {
  private final Map<FrameKey, Integer> ids = new HashMap<>();
  private final List<FrameKey> frames = new ArrayList<>();

  public int intern(FrameKey frame) {
    Integer id = ids.get(frame);
    if (id != null) {
      return id;
    }
    int next = frames.size();
    frames.add(frame);
    ids.put(frame, next);
    return next;
  }

  public FrameKey get(int id) {
    return frames.get(id);
  }

  public int size() {
    return frames.size();
  }
}
