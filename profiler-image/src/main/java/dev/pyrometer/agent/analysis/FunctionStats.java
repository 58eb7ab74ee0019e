package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Per function over all its callers: self weight (samples whose deepest Python frame is the
 * function, so for off-CPU samples "blocked directly in it") and inclusive weight (samples with the
 * function anywhere on the stack, counted once even when it recurses), plus where the self and the
 * inclusive samples fall by line. Also sums self weight by kind of code and by module.
 */
final class FunctionStats implements StackConsumer {
  private final Map<FrameKey, Entry> functions = new HashMap<>();
  private final Map<CodeCategory, Long> byCategory = new HashMap<>();
  private final Map<String, Long> byModule = new HashMap<>();
  private final Map<String, CodeCategory> moduleCategory = new HashMap<>();
  private final Set<FrameKey> seen = new HashSet<>();

  @Override
  public void accept(ThreadRef thread, List<FrameKey> frames, long weight) {
    seen.clear();
    Entry deepest = null;
    int deepestLine = 0;
    for (FrameKey frame : frames) {
      if (frame.kind() != FrameKind.PYTHON) {
        continue;
      }
      FrameKey function = FrameKey.python(frame.name(), frame.file(), 0);
      Entry entry = functions.computeIfAbsent(function, f -> new Entry(CodeClassifier.classify(f), frame.line()));
      if (seen.add(function)) {
        entry.total += weight;
        entry.totalLines.add(frame.line(), weight); // the outermost call of a recursion, where the time is spent
      }
      deepest = entry;
      deepestLine = frame.line();
    }
    FrameKey leaf = frames.get(frames.size() - 1);
    boolean nativeLeaf = leaf.kind() == FrameKind.MARKER || deepest == null;
    if (deepest != null) {
      deepest.self += weight;
      deepest.selfLines.add(deepestLine, weight);
    }
    CodeCategory category = nativeLeaf ? CodeCategory.NATIVE : deepest.frame.category();
    byCategory.merge(category, weight, Long::sum);
    String module = nativeLeaf ? "(native)" : moduleLabel(deepest.frame);
    byModule.merge(module, weight, Long::sum);
    moduleCategory.putIfAbsent(module, category);
  }

  /** The line most self samples of the function were at, or its first seen line. */
  int hottestLine(CodeFrame function) {
    Entry entry = functions.get(function.key());
    if (entry == null) {
      return 0;
    }
    return entry.selfLines.isEmpty() ? entry.firstLine : entry.selfLines.top();
  }

  List<Entry> top(ToLongFunction<Entry> weight, int limit) {
    return functions.values().stream()
        .filter(e -> weight.applyAsLong(e) > 0)
        .sorted(Comparator.comparingLong(weight).reversed().thenComparing(e -> e.frame.function()))
        .limit(limit)
        .toList();
  }

  Map<CodeCategory, Long> byCategory() {
    return byCategory;
  }

  Map<String, Long> byModule() {
    return byModule;
  }

  CodeCategory categoryOfModule(String module) {
    return moduleCategory.get(module);
  }

  /** Libraries by top-level package, the standard library by module, application code by file. */
  private static String moduleLabel(CodeFrame frame) {
    return switch (frame.category()) {
      case LIBRARY -> frame.topLevelModule();
      case STDLIB -> frame.module();
      case APP -> frame.shortFile();
      case NATIVE -> "(native)";
    };
  }

  /** One function's weights. */
  static final class Entry {
    final CodeFrame frame;
    final int firstLine;
    final LineCounts selfLines = new LineCounts();
    final LineCounts totalLines = new LineCounts();
    long self;
    long total;

    Entry(CodeFrame frame, int firstLine) {
      this.frame = frame;
      this.firstLine = firstLine;
    }

    int line() {
      return selfLines.isEmpty() ? firstLine : selfLines.top();
    }
  }
}
