package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.sample.SampleMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns groups of classified paths into findings (same kind, same application line, same call) and writes
 * each finding's title, message and suggestion. The heaviest path of a group stands for it.
 */
final class FindingBuilder {
  /** A pattern is worth a note when it covers at least this fraction of a finding. */
  private static final double PATTERN_NOTE_SHARE = 0.2;
  private static final int CHAIN_FRAMES = 8;

  private final SampleMode mode;
  private final double totalSamples;
  private final double secondsPerSample;
  private final SourceLines sources;

  FindingBuilder(SampleMode mode, long totalSamples, double secondsPerSample, SourceLines sources) {
    this.mode = mode;
    this.totalSamples = totalSamples;
    this.secondsPerSample = secondsPerSample;
    this.sources = sources;
  }

  /** The groups, heaviest first (ties by key, so the order never depends on hash order). */
  static List<FindingGroup> heaviestFirst(Collection<FindingGroup> groups) {
    List<FindingGroup> out = new ArrayList<>(groups);
    out.sort(Comparator.comparingLong(FindingGroup::weight).reversed().thenComparing(g -> g.representative().groupKey()));
    return out;
  }

  ReportFinding build(FindingGroup group) {
    ClassifiedPath top = group.representative();
    ReportFrame location = top.location() == null ? null : ReportFrame.of(top.location(), totalSamples, sources);
    ReportFrame call = top.call() == null ? null : ReportFrame.of(top.call(), totalSamples, sources);
    List<ReportFrame> path = top.path().frames().stream().map(f -> ReportFrame.of(f, totalSamples, sources)).toList();
    double share = group.weight() / totalSamples;
    double seconds = group.weight() * secondsPerSample;
    List<String> notes = notes(group);
    String function = location == null ? null : Texts.shortFunction(location.function(), 40);
    String callName = call == null ? null : displayName(call);
    String suggestion;
    String title;
    String message;
    if (top.blocking() != null) {
      BlockingRules.Blocking blocking = top.blocking();
      suggestion = Suggestions.fill(Suggestions.forBlocking(blocking), function, callName);
      if (blocking.cause().verdict() == Verdict.PROBLEM && blocksEventLoop(top)) {
        notes.add(Suggestions.BLOCKS_EVENT_LOOP);
        suggestion = suggestion + ". " + Suggestions.BLOCKS_EVENT_LOOP;
      }
      title = blockingTitle(blocking, function);
      message = blockingMessage(group, blocking, location, share, seconds);
    } else {
      suggestion = Suggestions.fill(Suggestions.forCpu(top.kind()), function, callName);
      if (top.pattern() != null && group.patternWeight(top.pattern()) >= PATTERN_NOTE_SHARE * group.weight()) {
        suggestion = suggestion + "; this is " + top.pattern().title() + ": " + top.pattern().suggestion();
      }
      title = cpuTitle(top.kind(), function, callName);
      message = cpuMessage(top.kind(), location, callName, call, share, seconds);
    }
    return new ReportFinding(top.kind(), top.verdict(), top.blocking() == null ? null : top.blocking().rule(),
        Texts.cut(title, Texts.TITLE_LIMIT), message, group.weight(), share, seconds, group.threads().size(), location,
        top.applicationCode(), call, top.path().syscall(), path, notes, suggestion);
  }

  /** Idle rules whose threads are not pool workers get their own words. */
  private static final Map<String, String> IDLE_TITLES = Map.of(
      "main-thread-parked-idle", "idle: the main thread is parked",
      "signal-wait-idle", "idle: waits for a signal",
      "periodic-thread-sleep-idle", "idle: a background thread sleeps",
      "task-queue-consumer-idle", "idle: consumers wait for messages",
      "gevent-hub-idle", "idle: gevent's hub waits for events",
      "gevent-threadpool-worker-idle", "idle: gevent's thread pool waits for tasks",
      "asyncio-library-tick-idle", "idle: a library's periodic task sleeps");

  private static String blockingTitle(BlockingRules.Blocking blocking, String function) {
    String idle = IDLE_TITLES.get(blocking.rule());
    if (idle != null) {
      return idle;
    }
    return switch (blocking.cause()) {
      case IDLE_WORKER -> "idle: workers wait for work";
      case IDLE_EVENT_LOOP -> "idle: event loop waits for events";
      case IDLE_SERVER -> "idle: server waits for connections";
      default -> blocking.cause().phrase() + (function == null ? "" : " in " + function);
    };
  }

  private String blockingMessage(FindingGroup group, BlockingRules.Blocking blocking, ReportFrame location, double share, double seconds) {
    String amount = Texts.percent(share) + " of " + Texts.basis(mode) + " (" + Texts.seconds(seconds) + " over "
        + Texts.plural(group.threads().size(), "thread", "threads") + ")";
    if (blocking.cause().verdict() == Verdict.IDLE) {
      return Texts.capitalize(amount) + ": " + blocking.detail() + ". This is idle time, not a problem.";
    }
    StringBuilder text = new StringBuilder();
    String who = location == null ? "The thread" : Texts.shortFunction(location.function(), 60);
    text.append(who).append(' ').append(blocking.detail()).append(": ").append(amount).append(". ");
    text.append("Blocking path: ").append(chain(group.representative())).append('.');
    appendOpen(text, location, group.representative().applicationCode());
    return text.toString();
  }

  private static String cpuTitle(String kind, String function, String call) {
    return switch (kind) {
      case CpuKinds.HOT_FUNCTION -> "hot code in " + function;
      case CpuKinds.NO_APP_CODE -> "CPU in " + (function == null ? "native code" : function) + " (no app frame)";
      default -> "CPU in " + Texts.shortFunction(call, 28) + " called by " + function;
    };
  }

  private String cpuMessage(String kind, ReportFrame location, String callName, ReportFrame call, double share, double seconds) {
    String amount = Texts.percent(share) + " of " + Texts.basis(mode) + " (" + Texts.seconds(seconds) + ")";
    StringBuilder text = new StringBuilder();
    if (location == null) {
      return Texts.capitalize(amount) + " ran without any Python frame.";
    }
    switch (kind) {
      case CpuKinds.HOT_FUNCTION -> text.append(location.location()).append(" runs its own code in ").append(amount)
          .append("; line ").append(location.line()).append(" is the hottest.");
      case CpuKinds.NO_APP_CODE -> text.append(Texts.capitalize(amount)).append(" is in ").append(location.location())
          .append(", with no application frame on the path.");
      default -> text.append(Texts.capitalize(amount)).append(" is spent inside ").append(callName).append(" (")
          .append(call.category().label()).append("), called from ").append(location.location()).append('.');
    }
    appendOpen(text, location, !CpuKinds.NO_APP_CODE.equals(kind));
    return text.toString();
  }

  private static void appendOpen(StringBuilder text, ReportFrame location, boolean applicationCode) {
    if (location == null || location.file() == null) {
      return;
    }
    text.append(applicationCode ? " The application line: " : " No application frame is on this path; the nearest frame: ")
        .append(location.file()).append(" line ").append(location.line());
    if (location.code() != null && !location.code().isEmpty()) {
      text.append(": ").append(Texts.cut(location.code(), 120));
    }
    text.append('.');
  }

  /** Leaf first, from the system call (or hot frame) up to the application frame. */
  private String chain(ClassifiedPath path) {
    List<PathFrame> frames = path.path().frames();
    int stop = 0;
    if (path.location() != null) {
      for (int i = frames.size() - 1; i >= 0; i--) {
        if (frames.get(i).frame().equals(path.location().frame())) {
          stop = i;
          break;
        }
      }
    }
    List<String> parts = new ArrayList<>();
    for (int i = frames.size() - 1; i >= stop; i--) {
      PathFrame f = frames.get(i);
      parts.add(f.frame().isPython() ? f.label() : f.frame().key().label());
    }
    if (parts.size() > CHAIN_FRAMES) {
      List<String> cut = new ArrayList<>(parts.subList(0, CHAIN_FRAMES / 2));
      cut.add("…");
      cut.addAll(parts.subList(parts.size() - CHAIN_FRAMES / 2, parts.size()));
      parts = cut;
    }
    return String.join(" ← ", parts);
  }

  private List<String> notes(FindingGroup group) {
    List<String> notes = new ArrayList<>();
    Map<CpuPattern, Long> patterns = group.patterns();
    patterns.entrySet().stream()
        .filter(e -> e.getValue() >= PATTERN_NOTE_SHARE * group.weight())
        .sorted(Map.Entry.<CpuPattern, Long>comparingByValue().reversed())
        .forEach(e -> notes.add(Texts.capitalize(Texts.percent((double) e.getValue() / group.weight())) + " of this is "
            + e.getKey().title() + ": " + e.getKey().suggestion() + "."));
    return notes;
  }

  /** A blocking call made while an asyncio event loop runs the coroutine that made it. */
  private static boolean blocksEventLoop(ClassifiedPath path) {
    boolean runningTask = path.path().frames().stream().anyMatch(f -> dev.pyrometer.agent.profile.AsyncFrames.isEventLoop(f.frame().key()))
        && !path.path().frames().get(path.path().frames().size() - 1).frame().key().name().startsWith(dev.pyrometer.agent.profile.AsyncFrames.AWAITS_PREFIX);
    return runningTask || (path.path().has("asyncio.base_events", "_run_once") && path.path().has("asyncio.events", "_run"));
  }

  private static String displayName(ReportFrame call) {
    return call.module() != null && call.category() != CodeCategory.APP ? call.module() + "." + call.function() : call.function();
  }
}
