package dev.pyrometer.agent.upload;

import dev.pyrometer.contract.Artifact;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PUTs artifact files to presigned URLs with plain {@link HttpClient} requests: no SDK and no
 * credentials in the agent. Connection errors, 5xx, 408 and 429 are retried with exponential backoff
 * within the {@link RetryPolicy}; any other 4xx is final (an expired or refused signature does not
 * get better by asking again).
 */
public final class PresignedUploader {
  private static final Pattern S3_ERROR_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
  private static final Pattern S3_ERROR_MESSAGE = Pattern.compile("<Message>([^<]{1,300})</Message>");

  private final HttpClient http;
  private final RetryPolicy policy;
  private final RetryClock clock;

  public PresignedUploader(RetryPolicy policy) {
    this(HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER) // a redirected PUT would not carry a valid signature
        .build(), policy);
  }

  public PresignedUploader(HttpClient http, RetryPolicy policy) {
    this(http, policy, RetryClock.SYSTEM);
  }

  PresignedUploader(HttpClient http, RetryPolicy policy, RetryClock clock) {
    this.http = http;
    this.policy = policy;
    this.clock = clock;
  }

  /** Uploads every file that has a target; files without one are skipped, rejected targets fail. */
  public List<UploadResult> uploadAll(Map<Artifact, Path> files, UploadTargets targets) {
    List<UploadResult> results = new ArrayList<>();
    for (Map.Entry<Artifact, Path> file : files.entrySet()) {
      Artifact artifact = file.getKey();
      Optional<URI> url = targets.urlFor(artifact);
      long bytes = Math.max(sizeOf(file.getValue()), 0);
      if (url.isPresent()) {
        results.add(upload(artifact, file.getValue(), url.get()));
      } else if (targets.rejected().containsKey(artifact)) {
        results.add(failed(artifact, bytes, 0, targets.rejected().get(artifact)));
      } else {
        results.add(new UploadResult(artifact, UploadResult.Outcome.SKIPPED, bytes, 0, null));
      }
    }
    return results;
  }

  /** PUTs one file, retrying what may succeed later; never throws for a failed upload. */
  public UploadResult upload(Artifact artifact, Path file, URI url) {
    long bytes = sizeOf(file);
    if (bytes < 0) {
      return failed(artifact, 0, 0, "cannot read " + file);
    }
    long started = clock.nanoTime();
    String lastProblem = "";
    for (int attempt = 1; ; attempt++) {
      Attempt result = put(artifact, file, url);
      if (result.succeeded()) {
        return new UploadResult(artifact, UploadResult.Outcome.UPLOADED, bytes, attempt, null);
      }
      lastProblem = result.problem();
      if (!result.retryable()) {
        return failed(artifact, bytes, attempt, lastProblem + "; not retried");
      }
      Duration elapsed = Duration.ofNanos(clock.nanoTime() - started);
      Duration wait = max(policy.backoffAfter(attempt), result.retryAfter());
      if (attempt >= policy.maxAttempts() || elapsed.plus(wait).compareTo(policy.budget()) > 0) {
        return failed(artifact, bytes, attempt, lastProblem + "; gave up after " + attempt + (attempt == 1 ? " attempt" : " attempts")
            + " in " + seconds(elapsed));
      }
      if (!clock.sleep(wait)) {
        return failed(artifact, bytes, attempt, lastProblem + "; interrupted before retrying");
      }
    }
  }

  /** One PUT: succeeded, or a one-line problem and whether to try again. */
  private record Attempt(boolean succeeded, boolean retryable, String problem, Duration retryAfter) {
    static final Attempt OK = new Attempt(true, false, "", Duration.ZERO);
  }

  private Attempt put(Artifact artifact, Path file, URI url) {
    String target = UploadTargets.redacted(url);
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(url)
          .timeout(policy.requestTimeout())
          .header("Content-Type", artifact.contentType())
          .PUT(HttpRequest.BodyPublishers.ofFile(file))
          .build();
    } catch (FileNotFoundException e) {
      return new Attempt(false, false, "cannot read " + file, Duration.ZERO);
    }
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return Attempt.OK;
      }
      boolean retryable = status >= 500 || status == 408 || status == 429;
      return new Attempt(false, retryable, "PUT " + target + " answered HTTP " + status + describeS3Error(response.body()),
          retryAfter(response));
    } catch (HttpTimeoutException e) {
      return new Attempt(false, true, "PUT " + target + " timed out (" + e.getMessage() + ")", Duration.ZERO);
    } catch (ConnectException e) {
      return new Attempt(false, true, "cannot connect to " + target + " (connection refused or unreachable)", Duration.ZERO);
    } catch (IOException e) {
      return new Attempt(false, true, "PUT " + target + " failed: " + e, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(false, false, "PUT " + target + " interrupted", Duration.ZERO);
    }
  }

  /** " (AccessDenied: Request has expired)" from an S3 error document, or "". */
  private static String describeS3Error(String body) {
    Matcher code = S3_ERROR_CODE.matcher(body == null ? "" : body);
    if (!code.find()) {
      return "";
    }
    Matcher message = S3_ERROR_MESSAGE.matcher(body);
    return " (" + code.group(1) + (message.find() ? ": " + message.group(1) : "") + ")";
  }

  /** A Retry-After in seconds, capped by the policy's longest backoff. */
  private Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .map(d -> d.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : d)
        .orElse(Duration.ZERO);
  }

  private static UploadResult failed(Artifact artifact, long bytes, int attempts, String error) {
    return new UploadResult(artifact, UploadResult.Outcome.FAILED, bytes, attempts, artifact.fileName() + ": " + error);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
