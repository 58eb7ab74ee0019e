package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.testing.HeadlessChromium;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens our speedscope.json in speedscope itself (the npm package's web app, installed by
 * install-test-deps), served from 127.0.0.1 to a real headless Chromium: the file must import, the
 * heaviest thread must come up, and its Sandwich table must hold the totals of the tree.
 */
class SpeedscopeInChromiumTest {
  private static final String VERSION = "1.25.0";
  private static final Pattern SANDWICH_ROW = Pattern.compile("(\\d+) \\([^)]*\\)\\n\\t(\\d+) \\([^)]*\\)\\n\\t([^\\n]+)");

  @TempDir Path dir;
  private HttpServer server;

  @BeforeEach
  void serveSpeedscope() throws IOException {
    Path app = speedscopeApp();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> serve(exchange, app));
    server.createContext("/profiles/", exchange -> serve(exchange, dir));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void speedscopeImportsTheFileAndShowsTheHeaviestThreadWithTheTreesTotals() throws IOException {
    CallTree tree = fixtureWithoutThread("thread 43 (ThreadPoolExecutor-0_0)");
    try (OutputStream out = Files.newOutputStream(dir.resolve("profile.json"))) {
      SpeedscopeJson.write(tree, "two processes", WeightUnit.SAMPLES, out);
    }
    String heaviest = "process 42: gunicorn: worker [app] / thread 42";

    try (HeadlessChromium browser = HeadlessChromium.start()) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      browser.load(URI.create(base + "index.html#profileURL=" + URLEncoder.encode(base + "profiles/profile.json", StandardCharsets.UTF_8)));

      browser.waitFor("document.body.innerText.includes(" + js(heaviest + " (3/3)") + ")");
      JsonNode tab = browser.evaluate("(() => { const e = [...document.querySelectorAll('div,span')]"
          + ".find(e => e.textContent.endsWith('Sandwich') && e.children.length <= 1).getBoundingClientRect();"
          + " return {x: e.x + e.width / 2, y: e.y + e.height / 2}; })()");
      browser.click(tab.get("x").asDouble(), tab.get("y").asDouble());
      Map<String, String> expected = groundTruth(tree, "process 42: gunicorn: worker [app]", "thread 42");
      // The table's header renders a frame before its rows: wait for the rows, not the header.
      String rowsShown = expected.keySet().stream().map(name -> "t.includes(" + js("\t" + name) + ")")
          .reduce("true", (a, b) -> a + " && " + b);
      String table = browser.waitFor("(() => { const all = document.body.innerText; const at = all.indexOf('Symbol Name');"
          + " if (at < 0) return ''; const t = all.substring(at); return " + rowsShown + " ? all : ''; })()").asText();

      assertThat(sandwichRows(table)).as("one row per function of thread 42")
          .hasSize(7)
          .isEqualTo(expected);
      assertThat(browser.consoleMessages()).contains("log: Importing as speedscope json file");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  /** Symbol name to "total/self", as speedscope's Sandwich view lists them. */
  private static Map<String, String> sandwichRows(String text) {
    Map<String, String> rows = new TreeMap<>();
    Matcher m = SANDWICH_ROW.matcher(text.substring(text.indexOf("Symbol Name")));
    while (m.find()) {
      rows.put(m.group(3), m.group(1) + "/" + m.group(2));
    }
    return rows;
  }

  /** Per function name: samples with it on the stack (once per stack), and samples ending in it. */
  private static Map<String, String> groundTruth(CallTree tree, String process, String thread) {
    Map<String, long[]> sums = new TreeMap<>();
    tree.forEachStack((path, weight) -> {
      if (path.size() < 3 || !path.get(0).label().equals(process) || !path.get(1).label().equals(thread)) {
        return;
      }
      List<FrameKey> frames = path.subList(2, path.size());
      Set<String> seen = new HashSet<>();
      for (FrameKey frame : frames) {
        String name = frame.kind() == FrameKind.PYTHON ? frame.name() : frame.label();
        if (seen.add(name)) {
          sums.computeIfAbsent(name, n -> new long[2])[0] += weight;
        }
      }
      FrameKey leaf = frames.get(frames.size() - 1);
      sums.computeIfAbsent(leaf.kind() == FrameKind.PYTHON ? leaf.name() : leaf.label(), n -> new long[2])[1] += weight;
    });
    Map<String, String> rows = new TreeMap<>();
    sums.forEach((name, s) -> rows.put(name, s[0] + "/" + s[1]));
    return rows;
  }

  private CallTree fixtureWithoutThread(String thread) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("two-processes.folded")) {
      String folded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return FoldedStacks.parse(folded.lines().filter(l -> !l.contains(";" + thread + ";")).map(l -> l + "\n")
          .reduce("", String::concat)).tree();
    }
  }

  private static Path speedscopeApp() {
    String base = System.getenv("PYROMETER_PYTHONS");
    Path app = Path.of(base != null && !base.isBlank() ? base : System.getProperty("user.home") + "/.cache/pyrometer")
        .resolve("speedscope-" + VERSION + "/package/dist/release");
    if (!Files.isRegularFile(app.resolve("index.html"))) {
      String message = "speedscope " + VERSION + " not found at " + app + "; run profiler-image/tools/install-test-deps";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return app;
  }

  private static String js(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Serves the files of one directory (no subdirectories) with the types a browser insists on. */
  private static void serve(HttpExchange exchange, Path root) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Path file = root.resolve(path.substring(path.lastIndexOf('/') + 1)).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    String name = file.getFileName().toString();
    String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript"
        : name.endsWith(".css") ? "text/css" : name.endsWith(".json") ? "application/json"
        : name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    byte[] body = Files.readAllBytes(file);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
