package dev.pyrometer.agent.heap.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns the fixed texts of labels (field names, root and frame names) to small ids. */
public final class TextTable {
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> texts = new ArrayList<>();

  public int id(String text) {
    Integer id = ids.get(text);
    if (id != null) {
      return id;
    }
    texts.add(text);
    ids.put(text, texts.size() - 1);
    return texts.size() - 1;
  }

  public String text(int id) {
    return texts.get(id);
  }
}
