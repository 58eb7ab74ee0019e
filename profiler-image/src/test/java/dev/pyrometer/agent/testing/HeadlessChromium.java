package dev.pyrometer.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol, for tests of the pages the
 * agent writes: load a file, evaluate JavaScript to JSON, click and type like a user, take
 * screenshots, and collect console errors and uncaught exceptions. Every call is bounded by a
 * timeout, and {@link #close()} (or JVM exit) kills the browser and its child processes.
 *
 * <pre>
 * try (HeadlessChromium browser = HeadlessChromium.start()) {
 *   browser.load(page);
 *   JsonNode state = browser.evaluate("window.flamegraph.state()");
 *   assertThat(browser.consoleErrors()).isEmpty();
 * }
 * </pre>
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_WIDTH = 1280;
  public static final int DEFAULT_HEIGHT = 800;

  private final ChromiumProcess process;
  private final Duration timeout;
  private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
  private final List<String> consoleMessages = new CopyOnWriteArrayList<>();
  private DevToolsConnection devTools;

  private HeadlessChromium(ChromiumProcess process, Duration timeout) {
    this.process = process;
    this.timeout = timeout;
  }

  /** The browser binary: {@code $PYROMETER_CHROMIUM}, else {@code /usr/bin/chromium}, when executable. */
  public static Optional<Path> executable() {
    String configured = System.getenv("PYROMETER_CHROMIUM");
    Path path = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }

  /** Skips the calling test when Chromium is missing, or fails it when {@code CI=true}. */
  public static void assumeInstalled() {
    if (executable().isPresent()) {
      return;
    }
    String message = "headless Chromium not found at /usr/bin/chromium (or $PYROMETER_CHROMIUM);"
        + " install it with profiler-image/tools/install-test-deps";
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  public static HeadlessChromium start() {
    return start(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_TIMEOUT);
  }

  /** Starts a browser with a fresh profile and a viewport of the given CSS size (scale factor 1). */
  public static HeadlessChromium start(int width, int height, Duration timeout) {
    assumeInstalled();
    HeadlessChromium browser = new HeadlessChromium(ChromiumProcess.launch(executable().orElseThrow(), width, height), timeout);
    try {
      int port = browser.process.awaitDevToolsPort(timeout);
      browser.devTools = DevToolsConnection.toPage(port, timeout, browser::onEvent);
      browser.send("Runtime.enable", Map.of());
      browser.send("Log.enable", Map.of());
      browser.send("Page.enable", Map.of());
      browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
      return browser;
    } catch (RuntimeException | Error e) {
      browser.close();
      throw e;
    }
  }

  /** Opens a local file and waits until it has loaded. */
  public void load(Path file) {
    load(file.toAbsolutePath().toUri());
  }

  /**
   * Opens a URL and waits until it has loaded; fails when navigation fails. Console errors and
   * messages are collected afresh for each page.
   */
  public void load(URI url) {
    consoleErrors.clear();
    consoleMessages.clear();
    CompletableFuture<JsonNode> loaded = devTools.nextEvent("Page.loadEventFired");
    JsonNode result = send("Page.navigate", Map.of("url", url.toString()));
    if (result.hasNonNull("errorText")) {
      devTools.forget(loaded);
      throw new IllegalStateException("cannot load " + url + ": " + result.get("errorText").asText());
    }
    devTools.await(loaded, "load event of " + url);
    // a load event of the previous document may have raced the navigation: confirm which page is up
    waitFor("document.readyState === 'complete' && location.href === " + jsString(url.toString()));
  }

  /**
   * Evaluates a JavaScript expression in the page (awaiting it if it is a promise) and returns its
   * value as JSON; {@link MissingNode} for undefined. A thrown exception fails with its message.
   */
  public JsonNode evaluate(String expression) {
    JsonNode result = send("Runtime.evaluate", Map.of(
        "expression", expression, "returnByValue", true, "awaitPromise", true, "userGesture", true));
    if (result.has("exceptionDetails")) {
      JsonNode details = result.get("exceptionDetails");
      throw new AssertionError("JavaScript threw evaluating `" + expression + "`: "
          + details.path("exception").path("description").asText(details.path("text").asText()));
    }
    JsonNode value = result.path("result").path("value");
    return value.isMissingNode() ? MissingNode.getInstance() : value;
  }

  /**
   * Evaluates the expression every 50 ms until its value is truthy (not false, null, 0, "" or
   * undefined) and returns that value; fails after the browser's timeout with the last value.
   */
  public JsonNode waitFor(String expression) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode value = evaluate(expression);
      boolean truthy = !value.isMissingNode() && !value.isNull() && !(value.isBoolean() && !value.asBoolean())
          && !(value.isNumber() && value.asDouble() == 0) && !(value.isTextual() && value.asText().isEmpty());
      if (truthy) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("`" + expression + "` still " + value + " after " + timeout + "; console: " + consoleMessages());
      }
      ChromiumProcess.sleep(50);
    }
  }

  /** Moves the mouse to a point of the viewport (CSS pixels), firing mousemove. */
  public void moveMouse(double x, double y) {
    mouse("mouseMoved", x, y, "none", 0);
  }

  /** Moves to a point of the viewport and clicks there with the left button. */
  public void click(double x, double y) {
    moveMouse(x, y);
    mouse("mousePressed", x, y, "left", 1);
    mouse("mouseReleased", x, y, "left", 1);
  }

  private void mouse(String type, double x, double y, String button, int clicks) {
    send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", button, "clickCount", clicks));
  }

  /** Types text into the focused element, as an IME would (fires input events). */
  public void insertText(String text) {
    send("Input.insertText", Map.of("text", text));
  }

  /** Presses and releases a key such as {@code Escape} or {@code Enter}, with DOM key and code equal. */
  public void pressKey(String key) {
    for (String type : List.of("keyDown", "keyUp")) {
      send("Input.dispatchKeyEvent", Map.of("type", type, "key", key, "code", key));
    }
  }

  /** A PNG of the viewport. */
  public byte[] screenshot() {
    return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
  }

  /** Console errors, failed assertions, uncaught exceptions and browser error log entries of this page. */
  public List<String> consoleErrors() {
    return List.copyOf(consoleErrors);
  }

  /** Every console message of this page, as {@code level: text}. */
  public List<String> consoleMessages() {
    return List.copyOf(consoleMessages);
  }

  /** Sends one DevTools command (https://chromedevtools.github.io/devtools-protocol/) and returns its result. */
  public JsonNode send(String method, Map<String, ?> params) {
    if (devTools == null) {
      throw new IllegalStateException("not connected to Chromium");
    }
    try {
      return devTools.send(method, params);
    } catch (IllegalStateException e) {
      throw process.isAlive() ? e : new IllegalStateException(e.getMessage() + "; Chromium exited:\n" + process.logTail(), e);
    }
  }

  /** The browser's main process, for tests of this helper. */
  ProcessHandle process() {
    return process.handle();
  }

  /** Kills the browser and its children and deletes its profile. */
  @Override
  public void close() {
    if (devTools != null) {
      devTools.abort();
    }
    process.close();
  }

  private void onEvent(JsonNode message) {
    JsonNode params = message.path("params");
    switch (message.path("method").asText()) {
      case "Runtime.consoleAPICalled" -> {
        String type = params.path("type").asText();
        StringBuilder text = new StringBuilder();
        for (JsonNode arg : params.path("args")) {
          text.append(text.length() == 0 ? "" : " ").append(arg.has("value") ? arg.get("value").asText() : arg.path("description").asText());
        }
        consoleMessages.add(type + ": " + text);
        if (type.equals("error") || type.equals("assert")) {
          consoleErrors.add("console." + type + ": " + text);
        }
      }
      case "Runtime.exceptionThrown" -> {
        JsonNode details = params.path("exceptionDetails");
        consoleErrors.add("uncaught: " + details.path("exception").path("description").asText(details.path("text").asText()));
      }
      case "Log.entryAdded" -> {
        JsonNode entry = params.path("entry");
        consoleMessages.add(entry.path("level").asText() + ": " + entry.path("text").asText());
        if ("error".equals(entry.path("level").asText())) {
          consoleErrors.add("log: " + entry.path("text").asText() + (entry.has("url") ? " (" + entry.get("url").asText() + ")" : ""));
        }
      }
      default -> { }
    }
  }

  private static String jsString(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
