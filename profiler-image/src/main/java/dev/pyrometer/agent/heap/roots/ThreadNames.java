package dev.pyrometer.agent.heap.roots;

import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.objects.Attributes;
import dev.pyrometer.agent.python.objects.DictReader;
import java.util.HashMap;
import java.util.Map;

/**
 * The names Python code gave its threads ({@code threading.Thread.name}), by native thread id,
 * read from {@code threading._active} in the snapshot.
 */
public final class ThreadNames {
  private ThreadNames() {}

  public static Map<Integer, String> read(Snapshot s, Attributes attributes, DictReader dicts, long modules) {
    Map<Integer, String> out = new HashMap<>();
    long threading = attributes.item(modules, "threading");
    long active = threading == 0 ? 0 : attributes.attribute(threading, "_active");
    if (active == 0) {
      return out;
    }
    dicts.forEach(active, (ident, thread) -> {
      long id = attributes.intValue(attributes.attribute(thread, "_native_id"), 0);
      String name = attributes.text(attributes.attribute(thread, "_name"));
      if (id > 0 && id <= Integer.MAX_VALUE && name != null) {
        out.put((int) id, name);
      }
    });
    return out;
  }
}
