package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.python.objects.Attributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code __file__} of every module that roots a reference path ({@code sys.modules;NAME;...}),
 * read while the snapshot is open: after the walk only the path names are left, and the file is
 * what tells whose module holds the bytes (the user's code, the standard library, a third-party
 * package). Modules without a file (built-in, frozen, namespace packages) are left out.
 */
public final class ModuleFiles {
  private ModuleFiles() {}

  /**
   * Module name, as the path segment shows it, to its {@code __file__}.
   *
   * @param modules the trie node of the {@code sys.modules} root, -1 when there is none
   */
  public static Map<String, String> read(WalkResult w, Attributes attributes, int modules) {
    PathTrie trie = w.trie();
    Map<String, String> files = new HashMap<>();
    if (modules < 0) {
      return files;
    }
    for (int n = 1; n < trie.nodeCount(); n++) {
      if (trie.parent(n) != modules || trie.labelKind(n) != Label.MODULE) {
        continue;
      }
      int module = trie.firstObject(n);
      String file = module < 0 ? null : attributes.text(attributes.attribute(w.table().address(module), "__file__"));
      if (file != null && !file.isEmpty()) {
        files.put(w.names().segment(n), file);
      }
    }
    return files;
  }
}
