package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** {@code wrk} on loopback, bounded in time, stopped when closed. */
public final class HttpLoad implements AutoCloseable {
  private final Process wrk;

  private HttpLoad(Process wrk) {
    this.wrk = wrk;
  }

  /** Keeps {@code connections} requests in flight to the URL for at most {@code maxSeconds}. */
  public static HttpLoad start(String url, int connections, int maxSeconds) {
    String exe = ServerProcess.requireExecutable("/usr/bin/wrk", "wrk");
    try {
      Process p = new ProcessBuilder(exe, "-t1", "-c" + connections, "-d" + maxSeconds + "s", "--timeout", "60s", url)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return new HttpLoad(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    wrk.destroy();
    try {
      if (!wrk.waitFor(5, TimeUnit.SECONDS)) {
        wrk.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
