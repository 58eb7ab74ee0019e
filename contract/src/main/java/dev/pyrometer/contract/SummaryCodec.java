package dev.pyrometer.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link RunSummary} as JSON, and shrinks it to fit a Kubernetes termination
 * message (the kubelet keeps at most 4096 bytes of it).
 */
public final class SummaryCodec {
  /** The kubelet truncates termination messages longer than this. */
  public static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private SummaryCodec() {}

  /** Holds the mapper, so that writing a summary (every agent run) never initialises data binding. */
  private static final class Reading {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public static String toJson(RunSummary summary) {
    return SummaryJsonWriter.write(summary, true);
  }

  public static RunSummary fromJson(String json) {
    try {
      return Reading.MAPPER.readValue(json, RunSummary.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Pyrometer run summary: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The summary as compact JSON of at most {@link #TERMINATION_MESSAGE_LIMIT} bytes: first the
   * top stacks are cut to their innermost frames, then per-process details are dropped, so the
   * operator always gets the outcome, the counts and the finding.
   */
  public static String toTerminationMessage(RunSummary summary) {
    String json = compact(summary);
    if (fits(json)) {
      return json;
    }
    json = compact(withProcesses(summary, trimmed(summary.processes(), 3, 160)));
    if (fits(json)) {
      return json;
    }
    json = compact(withProcesses(summary, trimmed(summary.processes(), 1, 80)));
    int keep = summary.processes() == null ? 0 : summary.processes().size();
    while (!fits(json) && keep > 0) {
      keep--;
      json = compact(withProcesses(summary, trimmed(summary.processes().subList(0, keep), 1, 80)));
    }
    if (!fits(json)) {
      RunSummary bare =
          new RunSummary(summary.schemaVersion(), summary.mode(), summary.rateHz(),
              summary.durationSeconds(), summary.elapsedSeconds(), summary.exitReason(),
              summary.exitCode(), truncate(summary.message(), 512), List.of(), List.of(), null,
              truncate(summary.comparison(), 512));
      json = compact(bare);
    }
    return json;
  }

  private static boolean fits(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length <= TERMINATION_MESSAGE_LIMIT;
  }

  private static RunSummary withProcesses(RunSummary s, List<ProcessSummary> processes) {
    return new RunSummary(s.schemaVersion(), s.mode(), s.rateHz(), s.durationSeconds(),
        s.elapsedSeconds(), s.exitReason(), s.exitCode(), truncate(s.message(), 512), processes,
        s.artifacts(), s.finding(), truncate(s.comparison(), 512));
  }

  private static List<ProcessSummary> trimmed(List<ProcessSummary> processes, int frames, int chars) {
    List<ProcessSummary> out = new ArrayList<>();
    if (processes == null) {
      return out;
    }
    for (ProcessSummary p : processes) {
      List<String> top = p.topStack();
      if (top != null && top.size() > frames) {
        top = top.subList(top.size() - frames, top.size());
      }
      out.add(new ProcessSummary(p.pid(), truncate(p.commandLine(), chars), p.pythonVersion(),
          p.samples(), p.dropped(), null, top, p.topStackSamples(), truncate(p.error(), chars),
          p.finding() == null ? null : new Finding(p.finding().kind(), null, p.finding().location(), p.finding().share(), null),
          p.heapBytes(), p.clock(), p.cpu()));
    }
    return out;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String compact(RunSummary summary) {
    return SummaryJsonWriter.write(summary, false);
  }
}
