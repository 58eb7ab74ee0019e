package dev.pyrometer.agent.render;

import dev.pyrometer.agent.profile.FrameKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a frame label of a folded file back into a {@link FrameKey}, so that {@code
 * parse(label).label()} gives the same text back for every label: what a pattern cannot rebuild
 * exactly becomes a marker with the label as its name.
 */
final class FrameLabels {
  private static final Pattern PROCESS = Pattern.compile("process (\\d{1,9}): (.*)");
  private static final Pattern THREAD = Pattern.compile("thread (\\d{1,9})(?: \\((.+)\\))?");
  private static final Pattern PYTHON = Pattern.compile("(.*) \\((.+):(\\d{1,9})\\)");
  private static final String SYSCALL_SUFFIX = "_[k]";

  /**
   * A folded file keeps only the shortened path ({@code requests/sessions.py} or {@code
   * asyncio/events.py}); rooting such a path here makes {@link FrameKey#label()} shorten it back to
   * the same text, and no real path starts with it, so {@link FrameCategory} knows where it came from.
   */
  static final String FOLDED_PATH_ROOT = "/site-packages/";

  private FrameLabels() {}

  static FrameKey parse(String label) {
    FrameKey key = guess(label);
    return key.label().equals(label) ? key : FrameKey.marker(label);
  }

  private static FrameKey guess(String label) {
    if (label.startsWith("<") && label.endsWith(">")) {
      return FrameKey.marker(label);
    }
    Matcher m = PROCESS.matcher(label);
    if (m.matches()) {
      return FrameKey.process(Integer.parseInt(m.group(1)), m.group(2));
    }
    m = THREAD.matcher(label);
    if (m.matches()) {
      return FrameKey.thread(Integer.parseInt(m.group(1)), m.group(2));
    }
    m = PYTHON.matcher(label);
    if (m.matches()) {
      String file = m.group(2);
      return FrameKey.python(m.group(1), file.contains("/") ? FOLDED_PATH_ROOT + file : file, Integer.parseInt(m.group(3)));
    }
    if (label.endsWith(SYSCALL_SUFFIX)) {
      return FrameKey.syscall(label.substring(0, label.length() - SYSCALL_SUFFIX.length()));
    }
    return FrameKey.marker(label);
  }
}
