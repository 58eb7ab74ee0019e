package dev.pyrometer.agent.diff;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.render.FoldedStacks;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * Downloads the base session's folded files (one per pod) from their presigned GET URLs and merges
 * them into one profile. Process roots are dropped on both sides of a session comparison: pids
 * differ from run to run and pod to pod, the code paths under them do not.
 */
public final class BaseProfileFetcher {
  /** The agent's heap is small (it lives in the target pod's budget): a larger base is refused. */
  static final long MAX_BYTES = 64L << 20;
  private static final int ATTEMPTS = 3;

  private final HttpClient http;

  public BaseProfileFetcher() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build());
  }

  BaseProfileFetcher(HttpClient http) {
    this.http = http;
  }

  /** The stacks of every URL together. */
  public CallTree fetch(List<String> urls) throws BaseUnavailableException {
    CallTree merged = new CallTree();
    long budget = MAX_BYTES;
    for (int i = 0; i < urls.size(); i++) {
      byte[] body = get(urls.get(i), i + 1, budget);
      budget -= body.length;
      try {
        FoldedStacks.ParseResult parsed =
            FoldedStacks.parse(new InputStreamReader(new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8));
        if (parsed.validLines() == 0 && parsed.invalidLines() > 0) {
          throw new BaseUnavailableException("base profile " + (i + 1) + " is not a folded stack file");
        }
        parsed.tree().forEachStack(merged::add);
      } catch (IOException e) {
        throw new BaseUnavailableException("base profile " + (i + 1) + " cannot be read: " + e.getMessage());
      }
    }
    return withoutProcesses(merged);
  }

  /** The tree as a session comparison sees it: without process roots. */
  public static CallTree withoutProcesses(CallTree tree) {
    return tree.without(EnumSet.of(FrameKind.PROCESS));
  }

  private byte[] get(String url, int index, long budget) throws BaseUnavailableException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new BaseUnavailableException("base profile " + index + " has no valid URL");
    }
    String problem = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<InputStream> response = http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          if (response.statusCode() == 200) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
            if (body.length > budget) {
              throw new BaseUnavailableException("the base profiles are larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            return body;
          }
          // never the URL itself: its query is a credential
          problem = "HTTP " + response.statusCode();
          if (response.statusCode() < 500 && response.statusCode() != 408 && response.statusCode() != 429) {
            break; // an expired or refused signature does not get better by asking again
          }
        }
      } catch (IOException e) {
        problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem = "interrupted";
        break;
      }
      try {
        Thread.sleep(500L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new BaseUnavailableException("base profile " + index + " could not be downloaded (" + problem + ")");
  }

  /** The base cannot be had: the run goes on, its comparison says why it is missing. */
  public static final class BaseUnavailableException extends Exception {
    public BaseUnavailableException(String message) {
      super(message, null, false, false);
    }
  }
}
