package dev.pyrometer.agent.output;

import dev.pyrometer.agent.upload.PresignedUploader;
import dev.pyrometer.agent.upload.RetryPolicy;
import dev.pyrometer.agent.upload.UploadResult;
import dev.pyrometer.agent.upload.UploadTargets;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last step of every run: uploads the written artifacts to their presigned URLs (when asked),
 * then writes {@code summary.json} (and uploads it), then the termination message. A failed
 * upload turns the run into {@link ExitReason#UPLOAD_FAILED} but never loses the local files.
 */
public final class RunOutputs {
  private final Path dir;
  private final UploadTargets targets;
  /** Null when nothing is uploaded: building an HTTP client loads TLS and the CA certificates (CPU at every start). */
  private final PresignedUploader uploader;
  private final Path terminationLog;
  private final PrintWriter err;

  /**
   * @param targets where to upload; {@link UploadTargets#none()} to keep everything local
   * @param terminationLog where the operator reads the compact summary; null for none
   */
  public RunOutputs(Path dir, UploadTargets targets, RetryPolicy retry, Path terminationLog, PrintWriter err) {
    this.dir = dir;
    this.targets = targets;
    this.uploader = targets.isEmpty() ? null : new PresignedUploader(retry);
    this.terminationLog = terminationLog;
    this.err = err;
  }

  /** Uploads, writes the summary, and returns it as written (with the upload's outcome). */
  public RunSummary publish(RunSummary draft, List<ArtifactRef> written) {
    List<ArtifactRef> refs = new ArrayList<>(written);
    List<String> failures = new ArrayList<>();
    if (!targets.isEmpty()) {
      Map<Artifact, Path> files = new LinkedHashMap<>();
      for (ArtifactRef ref : written) {
        Artifact.byFileName(ref.name()).ifPresent(a -> files.put(a, dir.resolve(ref.name())));
      }
      refs.clear();
      for (UploadResult result : uploader.uploadAll(files, targets)) {
        refs.add(result.toRef());
        if (result.outcome() == UploadResult.Outcome.FAILED) {
          failures.add(result.artifact().fileName() + ": " + result.error());
        }
      }
    }
    refs.replaceAll(this::withDigest);
    RunSummary summary = withOutcome(draft, refs, failures);
    ArtifactRef summaryRef = writeSummary(summary);
    if (!targets.isEmpty() && targets.urlFor(Artifact.SUMMARY).isPresent()) {
      UploadResult result = uploader.upload(Artifact.SUMMARY, dir.resolve(Artifact.SUMMARY.fileName()),
          targets.urlFor(Artifact.SUMMARY).get());
      summaryRef = result.toRef();
      if (!result.uploaded()) {
        failures.add(Artifact.SUMMARY.fileName() + ": " + result.error());
      }
    }
    refs.add(withDigest(summaryRef));
    summary = withOutcome(draft, refs, failures);
    writeTerminationMessage(summary);
    return summary;
  }

  /** The ref with the SHA-256 of its file, which the operator checks the stored object against. */
  private ArtifactRef withDigest(ArtifactRef ref) {
    return FileDigests.sha256(dir.resolve(ref.name())).map(ref::withSha256).orElse(ref);
  }

  /** For a run that failed before producing anything: the summary says why. */
  public void publishFailure(RunSummary failure) {
    writeSummary(failure);
    writeTerminationMessage(failure);
  }

  private static RunSummary withOutcome(RunSummary s, List<ArtifactRef> refs, List<String> uploadFailures) {
    ExitReason reason = s.exitReason();
    String message = s.message();
    if (!uploadFailures.isEmpty() && reason.isSuccess()) {
      reason = ExitReason.UPLOAD_FAILED;
      message = "upload failed: " + String.join("; ", uploadFailures) + " (the files are in " + "the output directory)";
    }
    return new RunSummary(s.schemaVersion(), s.mode(), s.rateHz(), s.durationSeconds(), s.elapsedSeconds(), reason,
        reason.exitCode(), message, s.processes(), List.copyOf(refs), s.finding(), s.comparison());
  }

  private ArtifactRef writeSummary(RunSummary summary) {
    try {
      return SummaryFiles.writeSummary(summary, dir);
    } catch (IOException e) {
      err.println("pyrometer: cannot write " + dir.resolve(Artifact.SUMMARY.fileName()) + ": " + OutputDirectory.reason(e));
      return new ArtifactRef(Artifact.SUMMARY.fileName(), 0, false);
    }
  }

  private void writeTerminationMessage(RunSummary summary) {
    if (terminationLog == null) {
      return;
    }
    try {
      SummaryFiles.writeTerminationMessage(summary, terminationLog);
    } catch (IOException e) {
      err.println("pyrometer: cannot write the termination log " + terminationLog + ": " + OutputDirectory.reason(e));
    }
  }
}
