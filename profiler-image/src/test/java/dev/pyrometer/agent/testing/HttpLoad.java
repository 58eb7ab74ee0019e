package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code wrk} on loopback, bounded in time, stopped when closed. */
public final class HttpLoad implements AutoCloseable {
  private final Process wrk;

  private HttpLoad(Process wrk) {
    this.wrk = wrk;
  }

  /** Keeps {@code connections} requests in flight to the URL for at most {@code maxSeconds}. */
  public static HttpLoad start(String url, int connections, int maxSeconds) {
    return start(url, connections, maxSeconds, false);
  }

  /**
   * The same, each request on a new connection ({@code Connection: close}). A pre-fork server's
   * workers share one listening socket: with keep-alive, the worker that is ready first accepts
   * all of wrk's connections and the others see no request at all.
   */
  public static HttpLoad startSpreadOverWorkers(String url, int connections, int maxSeconds) {
    return start(url, connections, maxSeconds, true);
  }

  private static HttpLoad start(String url, int connections, int maxSeconds, boolean connectionPerRequest) {
    String exe = ServerProcess.requireExecutable("/usr/bin/wrk", "wrk");
    List<String> cmd = new ArrayList<>(List.of(exe, "-t1", "-c" + connections, "-d" + maxSeconds + "s", "--timeout", "60s"));
    if (connectionPerRequest) {
      cmd.addAll(List.of("-H", "Connection: close"));
    }
    cmd.add(url);
    try {
      Process p = new ProcessBuilder(cmd)
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
