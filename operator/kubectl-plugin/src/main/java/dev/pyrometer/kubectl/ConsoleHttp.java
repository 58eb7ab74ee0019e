package dev.pyrometer.kubectl;

import java.io.IOException;
import java.io.InputStream;

/** One GET to the console's API; how the request travels (directly, or through the API server) is the implementation's. */
public interface ConsoleHttp {
  /** The response to {@code GET <console>/<path>}; the caller closes the body. */
  Response get(String path) throws IOException;

  /** Where requests go, for messages. */
  String describe();

  /** What to check when something other than the console answered (appended to the message). */
  default String hint() {
    return "";
  }

  record Response(int status, String contentType, InputStream body) {}
}
