package dev.pyrometer.operator.testing;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for the agent in fast reconciler tests: does what a test's script says (run for a
 * while, PUT small artifacts to the presigned URLs it was given, then write a summary to its
 * termination log and exit with the code that goes with the reason), so the operator's side of
 * the contract is exercised with real Secrets, real uploads and real termination messages. The
 * real agent runs in {@code ProfileSessionE2ETest}.
 */
public final class ScriptedAgent implements ContainerRuntime {
  /** A finding location a test can look for in the status's TOP field. */
  public static final String TOP = "handle_by_script (app.py:12)";

  /**
   * What the scripted agent does.
   *
   * @param runFor how long it "samples"
   * @param upload whether it PUTs its artifacts
   * @param reason how it ends; null to exit without a summary (a crash)
   * @param exitCode with {@code reason == null}: the crash's exit code
   * @param samples samples to report
   * @param afterUpload run between the uploads and the exit, e.g. to take the storage away
   */
  public record Outcome(Duration runFor, boolean upload, ExitReason reason, int exitCode, long samples, Runnable afterUpload) {
    public static Outcome succeeds() {
      return new Outcome(Duration.ofMillis(300), true, ExitReason.COMPLETED, 0, 5970, () -> {});
    }

    public static Outcome fails(ExitReason reason) {
      return new Outcome(Duration.ofMillis(100), false, reason, reason.exitCode(), 0, () -> {});
    }

    public static Outcome crashes(int exitCode) {
      return new Outcome(Duration.ofMillis(100), false, null, exitCode, 0, () -> {});
    }

    /** Runs until killed. */
    public static Outcome hangs() {
      return new Outcome(Duration.ofDays(1), false, ExitReason.COMPLETED, 0, 0, () -> {});
    }

    public Outcome runningFor(Duration d) {
      return new Outcome(d, upload, reason, exitCode, samples, afterUpload);
    }

    public Outcome thenBeforeExit(Runnable hook) {
      return new Outcome(runFor, upload, reason, exitCode, samples, hook);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
  private final List<Launch> launches = new CopyOnWriteArrayList<>();
  private volatile Function<Launch, Outcome> script = launch -> Outcome.succeeds();

  public void script(Function<Launch, Outcome> script) {
    this.script = script;
  }

  private volatile java.util.function.BiFunction<Launch, Artifact, byte[]> bodies =
      (launch, artifact) -> ("scripted " + artifact.fileName() + "\n").getBytes();

  /** What the agent uploads for each artifact (default: one line naming the file). */
  public void artifactBodies(java.util.function.BiFunction<Launch, Artifact, byte[]> bodies) {
    this.bodies = bodies;
  }

  /** Every container started so far. */
  public List<Launch> launches() {
    return List.copyOf(launches);
  }

  @Override
  public Running start(Launch launch) {
    launches.add(launch);
    Outcome outcome = script.apply(launch);
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    clock.schedule(() -> finish(launch, outcome, exit), outcome.runFor().toMillis(), TimeUnit.MILLISECONDS);
    return new Running() {
      @Override
      public CompletableFuture<Integer> exit() {
        return exit;
      }

      @Override
      public void kill() {
        exit.complete(137);
      }
    };
  }

  private void finish(Launch launch, Outcome outcome, CompletableFuture<Integer> exit) {
    if (exit.isDone()) {
      return;
    }
    try {
      if (outcome.reason() == null) {
        Files.writeString(launch.terminationLog(), "panic: the scripted agent crashed\n");
        exit.complete(outcome.exitCode());
        return;
      }
      List<ArtifactRef> artifacts = new ArrayList<>();
      boolean uploadFailed = false;
      for (Map.Entry<String, String> e : launch.env().entrySet()) {
        Artifact artifact = artifactFor(e.getKey());
        if (artifact == null || !outcome.upload()) {
          continue;
        }
        byte[] body = bodies.apply(launch, artifact);
        boolean ok = put(e.getValue(), body);
        uploadFailed |= !ok;
        artifacts.add(new ArtifactRef(artifact.fileName(), body.length, ok, sha256(body)));
      }
      outcome.afterUpload().run();
      ExitReason reason = uploadFailed ? ExitReason.UPLOAD_FAILED : outcome.reason();
      RunSummary summary =
          new RunSummary(
              RunSummary.SCHEMA_VERSION, modeOf(launch.args()), 100, 30, outcome.runFor().toMillis() / 1000.0,
              reason, reason.exitCode(), reason == ExitReason.COMPLETED ? "sampled for 30s" : "scripted " + reason.reason(),
              List.of(new ProcessSummary(7, "python app.py", "3.12.1", outcome.samples(), 0, Map.of(),
                  List.of("<module> (app.py:40)", TOP), outcome.samples() / 2, null)),
              artifacts,
              reason.isSuccess() ? new Finding("blocking.subprocess", "waits for a child process", TOP, 0.8, "avoid it") : null);
      Files.writeString(launch.terminationLog(), SummaryCodec.toTerminationMessage(summary));
      exit.complete(reason.exitCode());
    } catch (Exception e) {
      exit.completeExceptionally(e);
    }
  }

  static String sha256(byte[] body) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PUTs {@code body} to a presigned URL, as anyone who read it could: true when storage took it. */
  public boolean put(String url, byte[] body) {
    try {
      HttpResponse<Void> response =
          http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2;
    } catch (Exception e) {
      return false;
    }
  }

  private static Artifact artifactFor(String envVar) {
    for (Artifact a : Artifact.values()) {
      if (a.uploadEnvVar().equals(envVar)) {
        return a;
      }
    }
    return null;
  }

  private static String modeOf(List<String> args) {
    int i = args.indexOf("--mode");
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : args.isEmpty() ? null : args.get(0).equals("heap") ? "memory" : null;
  }
}
