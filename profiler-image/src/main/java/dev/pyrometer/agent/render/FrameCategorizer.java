package dev.pyrometer.agent.render;

import dev.pyrometer.agent.profile.FrameKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the colour of each frame of a flame graph and names the colours in its legend. CPU
 * profiles colour a frame by where its own code comes from ({@link #BY_CODE}); a memory profile
 * colours a reference path by whose module holds it, which only the path's root tells.
 */
@FunctionalInterface
public interface FrameCategorizer {
  /** By where each frame's code comes from, with the page's own legend. */
  FrameCategorizer BY_CODE = path -> FrameCategory.of(path.get(path.size() - 1));

  /**
   * The category of the last frame of the path.
   *
   * @param path the frames from the root (the "all" root left out) to the frame, never empty
   */
  FrameCategory categorize(List<FrameKey> path);

  /** What the legend says; null keeps the page's own legend (one entry per category). */
  default Legend legend() {
    return null;
  }

  /**
   * A legend of its own.
   *
   * @param heading what the colours mean, e.g. "held by:"; may be empty
   * @param labels the categories named, in order, each with its label
   */
  record Legend(String heading, Map<FrameCategory, String> labels) {
    public Legend {
      heading = heading == null ? "" : heading;
      labels = new LinkedHashMap<>(Objects.requireNonNull(labels, "labels"));
    }
  }
}
