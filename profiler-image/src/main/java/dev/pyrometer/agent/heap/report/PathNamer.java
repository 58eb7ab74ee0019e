package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.heap.graph.TextTable;
import dev.pyrometer.agent.python.objects.PyStrings;
import dev.pyrometer.agent.python.objects.TypeRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders path trie nodes as text: {@code CACHE (dict)}, {@code .items (list)},
 * {@code ['user'] (str)}, {@code [*values] (str)}. Names come from key {@code str} objects of the
 * snapshot, so rendering happens before the snapshot is released; results are cached per node.
 */
public final class PathNamer {
  /** Names are cut to this many characters. */
  public static final int MAX_NAME = 80;

  private final PathTrie trie;
  private final TextTable texts;
  private final PyStrings strings;
  private final TypeRegistry types;
  private final Map<Integer, String> cache = new HashMap<>();

  public PathNamer(PathTrie trie, TextTable texts, PyStrings strings, TypeRegistry types) {
    this.trie = trie;
    this.texts = texts;
    this.strings = strings;
    this.types = types;
  }

  /** The segments from the root (excluded) down to {@code node}. */
  public List<String> path(int node) {
    List<String> out = new ArrayList<>();
    for (int n = node; n > PathTrie.ROOT; n = trie.parent(n)) {
      out.add(segment(n));
    }
    Collections.reverse(out);
    return out;
  }

  /** The path joined with {@code ;}, as in folded stacks. */
  public String pathText(int node) {
    return String.join(";", path(node));
  }

  public String segment(int node) {
    return cache.computeIfAbsent(node, this::render);
  }

  private String render(int node) {
    int kind = trie.labelKind(node);
    long payload = trie.labelPayload(node);
    String typeName = trie.type(node) >= 0 ? types.get(trie.type(node)).name() : "?";
    String base = switch (kind) {
      case Label.MODULE, Label.NAME -> name(payload);
      case Label.ATTR -> "." + name(payload);
      case Label.KEY -> "['" + name(payload) + "']";
      case Label.ITEMS -> "[*]";
      case Label.VALUES -> "[*values]";
      case Label.KEYS -> "[*keys]";
      case Label.INDEX -> "[" + payload + "]";
      case Label.FIELD -> "." + texts.text((int) payload);
      case Label.TEXT -> texts.text((int) payload);
      case Label.TYPE_ONLY -> "<" + typeName + ">";
      default -> "?";
    };
    return clean(Label.showsType(kind) ? base + " (" + typeName + ")" : base);
  }

  private String name(long str) {
    String text = str == 0 ? null : strings.text(str, MAX_NAME);
    return text == null ? "?" : text;
  }

  /** Folded stacks split frames at {@code ;} and lines at line breaks: keep both out of names. */
  private static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c == ';' ? ',' : Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString();
  }
}
