package dev.pyrometer.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol (a WebSocket from {@link
 * java.net.http}), for tests of the pages the agent writes: load a file, evaluate JavaScript to
 * JSON, click and type like a user, take screenshots, and collect console errors and uncaught
 * exceptions. Every call is bounded by a timeout, and {@link #close()} (or JVM exit) kills the
 * browser and its child processes and deletes its profile directory.
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FLAGS = List.of(
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
      "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0");

  private final Process process;
  private final Path profileDir;
  private final Path log;
  private final Duration timeout;
  private final Thread killOnExit;
  private final AtomicInteger nextId = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
  private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
  private final List<String> consoleMessages = new CopyOnWriteArrayList<>();
  private WebSocket socket;

  private HeadlessChromium(Process process, Path profileDir, Path log, Duration timeout) {
    this.process = process;
    this.profileDir = profileDir;
    this.log = log;
    this.timeout = timeout;
    this.killOnExit = new Thread(this::kill, "kill-headless-chromium");
    Runtime.getRuntime().addShutdownHook(killOnExit);
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
    Path profileDir;
    try {
      profileDir = Files.createTempDirectory("pyrometer-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Chromium profile directory", e);
    }
    Path log = profileDir.resolveSibling(profileDir.getFileName() + ".log");
    List<String> command = new ArrayList<>();
    command.add(executable().orElseThrow().toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profileDir);
    command.add("--window-size=" + width + "," + height);
    command.add("about:blank");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      deleteRecursively(profileDir);
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    HeadlessChromium browser = new HeadlessChromium(process, profileDir, log, timeout);
    try {
      browser.connect(width, height);
      return browser;
    } catch (RuntimeException | Error e) {
      browser.close();
      throw e;
    }
  }

  private void connect(int width, int height) {
    Path portFile = profileDir.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.isRegularFile(portFile) || readPortFile(portFile).isEmpty()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue() + " before DevTools came up:\n" + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Chromium did not open DevTools within " + timeout + ":\n" + logTail());
      }
      sleep(50);
    }
    int port = Integer.parseInt(readPortFile(portFile).get(0).trim());
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    try {
      HttpResponse<String> targets = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(timeout).build(),
          HttpResponse.BodyHandlers.ofString());
      String pageSocket = null;
      for (JsonNode target : JSON.readTree(targets.body())) {
        if ("page".equals(target.path("type").asText())) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageSocket == null) {
        throw new IllegalStateException("Chromium has no page target: " + targets.body());
      }
      socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(URI.create(pageSocket), new Listener())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot connect to Chromium DevTools on port " + port + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to Chromium", e);
    }
    send("Runtime.enable", Map.of());
    send("Log.enable", Map.of());
    send("Page.enable", Map.of());
    send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /** Opens a local file and waits for its load event. */
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
    CompletableFuture<JsonNode> loaded = nextEvent("Page.loadEventFired", params -> true);
    JsonNode result = send("Page.navigate", Map.of("url", url.toString()));
    if (result.hasNonNull("errorText")) {
      waiters.removeIf(w -> w.future == loaded);
      throw new IllegalStateException("cannot load " + url + ": " + result.get("errorText").asText());
    }
    await(loaded, "load event of " + url);
    // a load event of the previous document may have raced the navigation: confirm which page is up
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!evaluate("document.readyState === 'complete' ? location.href : ''").asText().equals(url.toString())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("page " + url + " did not finish loading within " + timeout);
      }
      sleep(25);
    }
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
      sleep(50);
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

  /** The browser's main process, for tests of this helper. */
  ProcessHandle process() {
    return process.toHandle();
  }

  /** Console errors, failed assertions, uncaught exceptions and browser error log entries of this page. */
  public List<String> consoleErrors() {
    return List.copyOf(consoleErrors);
  }

  /** Every console message of this page, as {@code level: text}. */
  public List<String> consoleMessages() {
    return List.copyOf(consoleMessages);
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonNode send(String method, Map<String, ?> params) {
    if (socket == null) {
      throw new IllegalStateException("not connected to Chromium");
    }
    int id = nextId.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    synchronized (this) { // a WebSocket allows one outstanding send
      await(socket.sendText(message.toString(), true), "sending " + method);
    }
    JsonNode response = await(reply, method);
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.path("result");
  }

  private CompletableFuture<JsonNode> nextEvent(String method, Predicate<JsonNode> matches) {
    EventWaiter waiter = new EventWaiter(method, matches, new CompletableFuture<>());
    waiters.add(waiter);
    return waiter.future;
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Chromium did not answer " + what + " within " + timeout + (process.isAlive() ? "" : "; it exited:\n" + logTail()));
    } catch (ExecutionException e) {
      throw new IllegalStateException("Chromium connection failed during " + what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  private void onMessage(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
      if (reply != null) {
        reply.complete(message);
      }
      return;
    }
    String method = message.path("method").asText();
    JsonNode params = message.path("params");
    switch (method) {
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
    for (EventWaiter waiter : waiters) {
      if (waiter.method.equals(method) && waiter.matches.test(params) && waiter.future.complete(params)) {
        waiters.remove(waiter);
      }
    }
  }

  /** Closes the browser: SIGTERM (Chromium then quits cleanly), SIGKILL for what is left, profile deleted. */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and the hook is running
    }
  }

  private void kill() {
    if (socket != null) {
      socket.abort();
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
      try {
        child.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // left for init to reap; nothing else can be done from here
      }
    }
    deleteRecursively(profileDir);
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a leftover log in the temp directory does no harm
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static List<String> readPortFile(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.size() >= 2 ? lines : List.of(); // written in two lines: port, then browser path
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Chromium", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Chromium may still be removing files of its own; a temp directory left behind is harmless
    }
  }

  private record EventWaiter(String method, Predicate<JsonNode> matches, CompletableFuture<JsonNode> future) {}

  /** Reassembles fragmented text frames into DevTools messages. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        try {
          onMessage(JSON.readTree(text));
        } catch (IOException e) {
          consoleErrors.add("unreadable DevTools message: " + e.getMessage());
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      IllegalStateException closed = new IllegalStateException("DevTools connection closed: " + statusCode + " " + reason);
      pending.values().forEach(f -> f.completeExceptionally(closed));
      return null;
    }
  }
}
