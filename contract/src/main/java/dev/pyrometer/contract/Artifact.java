package dev.pyrometer.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every file the agent may write. The operator presigns one upload URL per artifact and hands it to
 * the agent in the environment variable {@link #uploadEnvVar()}.
 */
public enum Artifact {
  FOLDED("profile.folded", "text/plain; charset=utf-8"),
  FLAMEGRAPH("flamegraph.html", "text/html; charset=utf-8"),
  SPEEDSCOPE("speedscope.json", "application/json"),
  /** pprof's profile.proto, gzip: for go tool pprof, Grafana Pyroscope, Polar Signals. */
  PPROF("profile.pb.gz", "application/gzip"),
  REPORT_HTML("report.html", "text/html; charset=utf-8"),
  REPORT_JSON("report.json", "application/json"),
  MEMORY_FOLDED("memory.folded", "text/plain; charset=utf-8"),
  MEMORY_FLAMEGRAPH("memory-flamegraph.html", "text/html; charset=utf-8"),
  MEMORY_REPORT_JSON("memory-report.json", "application/json"),
  /** The heap's bytes per reference path as a pprof profile (inuse_space/bytes). */
  MEMORY_PPROF("memory.pb.gz", "application/gzip"),
  /** With several heap snapshots: bytes per reference path in the first and the last ("path before after"). */
  MEMORY_DIFF_FOLDED("memory-diff.folded", "text/plain; charset=utf-8"),
  /** Compared with a base profile: {@code stack base new} per stack or reference path. */
  DIFF_FOLDED("diff.folded", "text/plain; charset=utf-8"),
  /** Compared with a base profile: the differential flame graph (NEW's shape, red grew, blue shrank). */
  DIFF_FLAMEGRAPH("diff-flamegraph.html", "text/html; charset=utf-8"),
  /** Compared with a base profile: the ranked changes as data. */
  DIFF_JSON("diff.json", "application/json"),
  SUMMARY("summary.json", "application/json");

  /** Prefix of the environment variables that carry presigned upload URLs. */
  public static final String UPLOAD_ENV_PREFIX = "PYROMETER_UPLOAD_";

  private final String fileName;
  private final String contentType;

  Artifact(String fileName, String contentType) {
    this.fileName = fileName;
    this.contentType = contentType;
  }

  public String fileName() {
    return fileName;
  }

  public String contentType() {
    return contentType;
  }

  /** e.g. {@code PYROMETER_UPLOAD_PROFILE_FOLDED} for {@code profile.folded}. */
  public String uploadEnvVar() {
    return UPLOAD_ENV_PREFIX + fileName.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  public static Optional<Artifact> byFileName(String fileName) {
    return Arrays.stream(values()).filter(a -> a.fileName.equals(fileName)).findFirst();
  }
}
