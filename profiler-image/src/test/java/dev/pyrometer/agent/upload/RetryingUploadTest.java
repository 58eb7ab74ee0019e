package dev.pyrometer.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.pyrometer.contract.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retry decisions against a storage endpoint that answers with scripted statuses: a real S3 server
 * cannot be made to fail on demand, so this one plays the overloaded or flaky front end.
 */
class RetryingUploadTest {
  @TempDir Path dir;
  private HttpServer server;
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  private URI start(Integer... script) throws IOException {
    statuses.addAll(List.of(script));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        bodies.add(in.readAllBytes());
      }
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      int status = statuses.isEmpty() ? 200 : statuses.poll();
      if (status == 429) {
        exchange.getResponseHeaders().add("Retry-After", "0");
      }
      byte[] body = status >= 300 ? "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>".getBytes() : new byte[0];
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bucket/profile.folded?X-Amz-Signature=abc");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void retriesServerErrorsTimeoutsAndThrottlingUntilTheUploadSucceeds() throws IOException {
    URI url = start(503, 408, 429, 500);
    Path file = Files.writeString(dir.resolve("profile.folded"), "a;b 1\n");
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(5));

    UploadResult result = new PresignedUploader(policy).upload(Artifact.FOLDED, file, url);

    assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(UploadResult.Outcome.UPLOADED);
    assertThat(result.attempts()).isEqualTo(5);
    assertThat(bodies).hasSize(5).allSatisfy(b -> assertThat(b).isEqualTo(Files.readAllBytes(file)));
    assertThat(contentTypes).containsOnly(Artifact.FOLDED.contentType());
  }

  @Test
  void givesUpAfterTheLastAttemptWithTheServersAnswer() throws IOException {
    URI url = start(503, 503, 503);
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(5));

    UploadResult result = new PresignedUploader(policy).upload(Artifact.FOLDED, Files.writeString(dir.resolve("f"), "x"), url);

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.error()).startsWith("profile.folded: PUT http://127.0.0.1:" + server.getAddress().getPort()
        + "/bucket/profile.folded answered HTTP 503 (SlowDown: Please reduce your request rate.); gave up after 3 attempts in ");
  }

  @Test
  void startsNoAttemptOnceTheTimeBudgetIsSpent() throws IOException {
    URI url = start(503, 503, 503, 503, 503, 503);
    // waits 1 s, then 2 s, with a 2 s budget: the second attempt starts at 1 s, the third would
    // start at 3 s. Counted on a clock that moves only by the waits, so that a loaded machine,
    // where one PUT can take seconds, does not change the decision.
    FakeClock clock = new FakeClock();
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(1000), Duration.ofSeconds(5), Duration.ofMillis(2000), Duration.ofSeconds(30));

    UploadResult result = new PresignedUploader(HttpClient.newHttpClient(), policy, clock)
        .upload(Artifact.FOLDED, Files.writeString(dir.resolve("f"), "x"), url);

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(bodies).hasSize(2);
    assertThat(clock.waits).containsExactly(Duration.ofSeconds(1));
  }

  /** Virtual time: advanced only by the uploader's own waits. */
  private static final class FakeClock implements RetryClock {
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private long now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public boolean sleep(Duration wait) {
      waits.add(wait);
      now += wait.toNanos();
      return true;
    }
  }

  @Test
  void doesNotRetryOtherClientErrors() throws IOException {
    URI url = start(404);

    UploadResult result = new PresignedUploader(RetryPolicy.DEFAULT).upload(Artifact.FOLDED, Files.writeString(dir.resolve("f"), "x"), url);

    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error()).contains("HTTP 404").endsWith("; not retried");
  }

  @Test
  void backsOffExponentiallyUpToTheLongestWait() {
    RetryPolicy policy = RetryPolicy.DEFAULT;

    assertThat(List.of(policy.backoffAfter(1), policy.backoffAfter(2), policy.backoffAfter(3), policy.backoffAfter(4), policy.backoffAfter(9)))
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
  }
}
