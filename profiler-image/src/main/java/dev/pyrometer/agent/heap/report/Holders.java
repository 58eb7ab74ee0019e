package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.python.objects.Attributes;
import dev.pyrometer.agent.python.objects.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Describes who holds each top path: the module and its file, the variable, the frame. */
public final class Holders {
  private static final Pattern FRAME_FILE = Pattern.compile(".* \\((.+):\\d+\\)$");
  private static final int MAX = 5;

  private Holders() {}

  public static List<Holder> describe(WalkResult w, ReportBuilder report, Attributes attributes) {
    List<Holder> out = new ArrayList<>();
    long[] totals = report.pathTotals();
    for (int node : report.topPathNodes()) {
      if (out.size() == MAX) {
        break;
      }
      out.add(describe(w, node, totals[node], attributes));
    }
    return out;
  }

  private static Holder describe(WalkResult w, int node, long bytes, Attributes attributes) {
    PathTrie trie = w.trie();
    List<Integer> chain = new ArrayList<>();
    for (int n = node; n > PathTrie.ROOT; n = trie.parent(n)) {
      chain.add(0, n);
    }
    String path = w.names().pathText(node);
    String root = w.names().segment(chain.get(0));
    if (root.equals("sys.modules") && chain.size() >= 3) {
      int moduleNode = chain.get(1);
      int variableNode = chain.get(2);
      int module = trie.firstObject(moduleNode);
      String file = module < 0 ? null : attributes.text(attributes.attribute(w.table().address(module), "__file__"));
      return holder(w, Holder.Kind.MODULE_GLOBAL, path, bytes, w.names().segment(moduleNode), file, variableNode, null);
    }
    if (root.startsWith("[thread ")) {
      int frame = -1;
      for (int n : chain) {
        if (trie.labelKind(n) == Label.TEXT && n != chain.get(0)) {
          frame = n;
        } else if (frame >= 0) {
          String label = w.names().segment(frame);
          Matcher m = FRAME_FILE.matcher(label);
          return holder(w, Holder.Kind.THREAD_LOCAL, path, bytes, null, m.matches() ? m.group(1) : null, n, label);
        }
      }
    }
    Holder.Kind kind = root.equals("[unreached-gc]") ? Holder.Kind.UNREACHED : Holder.Kind.OTHER;
    return new Holder(kind, path, bytes, null, null, null, null, null, null);
  }

  private static Holder holder(WalkResult w, Holder.Kind kind, String path, long bytes, String module, String file,
      int variableNode, String frame) {
    String segment = w.names().segment(variableNode);
    int paren = segment.lastIndexOf(" (");
    String variable = paren > 0 ? segment.substring(0, paren) : segment;
    int object = w.trie().firstObject(variableNode);
    String type = null;
    Long length = null;
    if (object >= 0) {
      TypeInfo t = w.types().get(w.table().type(object));
      type = t.fullName();
      length = ObjectRanking.length(w.snapshot(), w.offsets(), w.table().address(object), t);
    }
    return new Holder(kind, path, bytes, module, file, variable, type, frame, length);
  }
}
