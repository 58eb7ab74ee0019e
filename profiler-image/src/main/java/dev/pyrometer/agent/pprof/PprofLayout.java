package dev.pyrometer.agent.pprof;

import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import java.time.Instant;
import java.util.List;

/**
 * What the values of a pprof profile mean: its sample types, which one a viewer shows first, the
 * sampling period and when the profile was taken.
 *
 * @param columns one value per column in every sample: the tree weight times the multiplier
 * @param defaultType the column a viewer opens with
 * @param periodType what the period counts; null with {@code period} 0 when not sampled
 * @param period events between two samples (nanoseconds for recordings)
 * @param timeNanos when collection started, nanoseconds since the epoch
 * @param durationNanos how long it ran
 * @param comments free text shown by {@code pprof -comments}
 */
public record PprofLayout(List<Column> columns, String defaultType, Column periodType, long period, long timeNanos,
    long durationNanos, List<String> comments) {

  /** Numeric label with the process id (with {@link #PROCESS_LABEL}, its command line). */
  public static final String PID_LABEL = "pid";
  public static final String PROCESS_LABEL = "process";
  /** Numeric label with the thread id (with {@link #THREAD_LABEL}, its name). */
  public static final String TID_LABEL = "tid";
  public static final String THREAD_LABEL = "thread";
  /** The asyncio task a sample is attributed to (its name, {@code Task-*} for default names). */
  public static final String TASK_LABEL = "task";
  /** The sample type that counts samples; the folded file's counts are this column. */
  public static final String SAMPLES = "samples";

  /** One sample type: {@code samples/count}, {@code cpu/nanoseconds}, {@code inuse_space/bytes}... */
  public record Column(String type, String unit, long multiplier) {}

  /**
   * A CPU, wall or off-CPU recording: samples/count and cpu or wall/nanoseconds, where each sample
   * weighs one sampling interval (off-CPU time is wall-clock time spent blocked).
   */
  public static PprofLayout forRecording(RecordedProfile profile, Instant ended) {
    long interval = Math.max(1, Math.round(1e9 / profile.rateHz()));
    String time = profile.mode() == SampleMode.CPU ? "cpu" : "wall";
    Column nanos = new Column(time, "nanoseconds", interval);
    long duration = profile.elapsed().toNanos();
    long started = ended.getEpochSecond() * 1_000_000_000L + ended.getNano() - duration;
    return new PprofLayout(List.of(new Column(SAMPLES, "count", 1), nanos), time, nanos, interval, started, duration,
        List.of("pyrometer record --mode " + profile.mode().cliName() + " --rate " + profile.rateHz()));
  }

  /**
   * A heap snapshot by reference path: objects (inuse_objects/count) and bytes (inuse_space/bytes,
   * the default), the columns of Go's heap profiles; written from two trees, objects first.
   */
  public static PprofLayout forHeap(Instant takenAt) {
    long time = takenAt.getEpochSecond() * 1_000_000_000L + takenAt.getNano();
    return new PprofLayout(List.of(new Column("inuse_objects", "count", 1), new Column("inuse_space", "bytes", 1)),
        "inuse_space", null, 0, time, 0,
        List.of("pyrometer heap: Python objects by first reference path"));
  }
}
