package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.output.RunOutputs;
import dev.pyrometer.agent.upload.RetryPolicy;
import dev.pyrometer.agent.upload.UploadTargets;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a run's results go: the output directory, the termination log, presigned uploads. */
final class OutputOptions {
  @Option(names = {"--output", "-o"}, defaultValue = "pyrometer-out", paramLabel = "DIR", description = "Where to write the artifacts. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(names = "--termination-log", paramLabel = "FILE", description = "Also write the compact JSON summary here (Kubernetes: /dev/termination-log).")
  Path terminationLog;

  @Option(names = "--upload-from-env", description = "PUT each artifact to the presigned URL in its PYROMETER_UPLOAD_* environment variable.")
  boolean uploadFromEnv;

  RunOutputs outputs(PrintWriter err) {
    UploadTargets uploads = uploadFromEnv ? UploadTargets.fromEnvironment(System.getenv()) : UploadTargets.none();
    return new RunOutputs(output, uploads, RetryPolicy.DEFAULT, terminationLog, err);
  }
}
