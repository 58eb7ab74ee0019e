package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportHtml;
import dev.pyrometer.agent.page.ReportSection;
import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static dev.pyrometer.agent.analysis.Stacks.thread;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.testing.HeadlessChromium;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html in a real headless Chromium: loads without errors, shows the finding first, flame graph searchable. */
class ReportHtmlInChromiumTest {
  private static final String PROCESSOR = "/app/Processor.py";
  private static HeadlessChromium browser;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBrowser() {
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /** 80 samples in subprocess.run from handle_by_script, 60 in three idle pool workers. */
  private static RecordedProfile subprocessProfile() {
    Stacks stacks = new Stacks()
        .add(100, 70, main(app(PROCESSOR, "Processor.handle_by_script", 8), std("subprocess.py", "run", 550),
            std("subprocess.py", "Popen.communicate", 1209), std("selectors.py", "_PollLikeSelector.select", 415), sys("poll")))
        .add(100, 10, main(app(PROCESSOR, "Processor.handle_by_script", 8), std("subprocess.py", "run", 550),
            std("subprocess.py", "Popen.wait", 1264), sys("wait4")));
    for (int tid = 101; tid <= 103; tid++) {
      stacks.add(tid, 20, thread(std("concurrent/futures/thread.py", "_worker", 89), sys("futex")));
    }
    return stacks.profile(SampleMode.OFFCPU);
  }

  private Path write(RecordedProfile profile, SourceLines sources) throws IOException {
    Report report = GuidedAnalysis.analyse(profile, sources);
    ReportWriter.write(report, profile, dir);
    return dir.resolve("report.html");
  }

  @Test
  void showsTheHeadlineFindingFirstAndLoadsWithoutErrors() throws IOException {
    Path page = write(subprocessProfile(), new SourceText().put(PROCESSOR, 8, "result = subprocess.run([\"sleep\", \"0.2\"])"));

    browser.load(page);

    assertThat(browser.consoleErrors()).isEmpty();
    JsonNode headline = browser.evaluate("(() => { const h = document.getElementById('headline');"
        + " const r = h.getBoundingClientRect();"
        + " return {title: h.querySelector('.title').textContent, top: r.top, height: r.height,"
        + " firstSection: document.querySelector('main section').id}; })()");
    assertThat(headline.get("title").asText()).isEqualTo("waits for a child process in Processor.handle_by_script");
    assertThat(headline.get("firstSection").asText()).isEqualTo("diagnosis");
    assertThat(headline.get("height").asDouble()).isPositive();
    assertThat(headline.get("top").asDouble()).isLessThan(HeadlessChromium.DEFAULT_HEIGHT);
    assertThat(browser.evaluate("document.querySelector('#headline .file-line').textContent").asText())
        .isEqualTo("/app/Processor.py:8");
    assertThat(browser.evaluate("document.querySelector('#headline code.src').textContent").asText())
        .isEqualTo("result = subprocess.run([\"sleep\", \"0.2\"])");
  }

  @Test
  void highlightsApplicationFramesOnTheSignificantPathAndMarksTheLineToOpen() throws IOException {
    browser.load(write(subprocessProfile(), SourceLines.NONE));

    JsonNode frames = browser.evaluate("[...document.querySelectorAll('#significant-path li.frame')].map(li =>"
        + " ({fn: li.querySelector('.fn').textContent, app: li.classList.contains('app'),"
        + " location: li.classList.contains('location'), bg: getComputedStyle(li).backgroundColor,"
        + " at: (li.querySelector('.file-line') || {}).textContent || null}))");

    assertThat(frames).hasSize(6);
    assertThat(frames.get(1).get("fn").asText()).isEqualTo("Processor.handle_by_script");
    assertThat(frames.get(1).get("app").asBoolean()).isTrue();
    assertThat(frames.get(1).get("location").asBoolean()).isTrue();
    assertThat(frames.get(1).get("at").asText()).isEqualTo("/app/Processor.py:8");
    assertThat(frames.get(2).get("app").asBoolean()).isFalse();
    assertThat(frames.get(1).get("bg").asText()).isNotEqualTo(frames.get(2).get("bg").asText());
    assertThat(frames.get(5).get("fn").asText()).isEqualTo("poll (system call)");
  }

  @Test
  void outlinesTheSignificantPathInTheEmbeddedFlameGraph() throws IOException {
    browser.load(write(subprocessProfile(), SourceLines.NONE));

    JsonNode highlighted = browser.evaluate("window.pyrometerReport.flamegraph().drawn()"
        + ".filter(f => f.highlighted).map(f => f.name)");

    // the flame graph shows one box per function (the lines are in its tooltip)
    assertThat(highlighted).extracting(JsonNode::asText).containsExactly("<module> (service.py)",
        "Processor.handle_by_script (Processor.py)", "run (subprocess.py)", "Popen.communicate (subprocess.py)",
        "_PollLikeSelector.select (selectors.py)", "poll_[k]");
  }

  @Test
  void searchesTheEmbeddedFlameGraph() throws IOException {
    browser.load(write(subprocessProfile(), SourceLines.NONE));

    browser.evaluate("(() => { const f = document.getElementById('flamegraph-frame'); f.contentWindow.focus();"
        + " const s = f.contentDocument.getElementById('search'); s.focus(); s.select(); })()");
    browser.insertText("subprocess");
    JsonNode state = browser.evaluate("window.pyrometerReport.flamegraph().state()");

    assertThat(state.get("search").asText()).isEqualTo("subprocess");
    assertThat(state.get("matchedValue").asLong()).isEqualTo(80);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void copiesAFileAndLineOrSelectsItForTheReader() throws IOException {
    browser.load(write(subprocessProfile(), SourceLines.NONE));
    JsonNode button = browser.evaluate("(() => { const b = document.querySelector('#headline button.copy');"
        + " b.scrollIntoView(); const r = b.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");

    browser.click(button.get("x").asDouble(), button.get("y").asDouble());
    JsonNode after = browser.evaluate("new Promise(r => setTimeout(() => r({text: document.querySelector('#headline button.copy')"
        + ".textContent, selected: String(window.getSelection())}), 200))");

    assertThat(after.get("text").asText().equals("copied") || after.get("selected").asText().equals("/app/Processor.py:8"))
        .as("button says copied, or the file:line is selected: %s", after).isTrue();
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void showsHostileNamesAndSourceAsTextNeverAsMarkup() throws IOException {
    String file = "/app/<evil>.py";
    Stacks stacks = new Stacks().add(100, 10, main(app(file, "<lambda>", 3), sys("clock_nanosleep")));
    Path page = write(stacks.profile(SampleMode.OFFCPU),
        new SourceText().put(file, 3, "x = '</code><script>window.pwned = 1</script>'; time.sleep(1)"));

    browser.load(page);

    assertThat(browser.evaluate("typeof window.pwned").asText()).isEqualTo("undefined");
    assertThat(browser.evaluate("document.querySelector('#headline code.src').textContent").asText())
        .isEqualTo("x = '</code><script>window.pwned = 1</script>'; time.sleep(1)");
    assertThat(browser.evaluate("document.querySelector('#headline .fn').textContent").asText()).isEqualTo("<lambda>");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void rendersAProfileWithoutSamples() throws IOException {
    RecordedProfile empty = new RecordedProfile(SampleMode.CPU, 100, java.time.Duration.ofSeconds(1),
        new dev.pyrometer.agent.profile.CallTree(), java.util.List.of());

    browser.load(write(empty, SourceLines.NONE));

    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(browser.evaluate("document.querySelector('#diagnosis ul.diagnosis').textContent").asText())
        .contains("No samples were recorded");
  }

  /**
   * A thread-per-request server: the main thread in a library with a deep path, 75 nameless
   * request threads of 2 samples each, a "Thread-N (poller)" pair and a watchdog that connects upstream a little.
   */
  private static RecordedProfile threadPerRequestProfile() {
    String deep = "very/deeply/nested/package/with/a/long/path/inside/the/virtual/environment/of/the/service/"
        + "submodule/implementation/details/transport_adapters_with_retries.py";
    Stacks stacks = new Stacks()
        .add(100, 100, "MainThread", 400, main(app("serve", 20), Stacks.lib(deep, "TransportAdapterWithRetries.send", 1234),
            std("subprocess.py", "run", 550), std("subprocess.py", "Popen.wait", 1264), sys("wait4")));
    for (int tid = 1001; tid <= 1075; tid++) {
      stacks.add(100, tid, null, 2, thread(app("handle_request", 40), std("socket.py", "SocketIO.readinto", 718), sys("recvfrom")));
    }
    stacks.add(100, 2001, "Thread-1 (poller)", 30, thread(app("poll_queue", 60), std("threading.py", "Condition.wait", 355), sys("futex")));
    stacks.add(100, 2002, "Thread-2 (poller)", 30, thread(app("poll_queue", 60), std("threading.py", "Condition.wait", 355), sys("futex")));
    stacks.add(100, 3001, "watchdog", 3, thread(app("ping_upstream", 70), std("socket.py", "create_connection", 850), sys("connect")));
    return stacks.profile(SampleMode.OFFCPU);
  }

  @Test
  void aThreadPerRequestServerFitsThePageWidthGroupsItsThreadsAndCallsTinyFindingsMinor() throws IOException {
    Path page = write(threadPerRequestProfile(), SourceLines.NONE);
    try (HeadlessChromium narrow = HeadlessChromium.start(1400, 900, HeadlessChromium.DEFAULT_TIMEOUT)) {
      narrow.load(page);
      assertThat(narrow.consoleErrors()).isEmpty();
      // no sideways scrolling: long paths wrap in their column
      JsonNode widths = narrow.evaluate("({page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,"
          + " tables: [...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right),"
          + " wide: [...document.querySelectorAll('body, body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth"
          + " || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0))"
          + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.substring(0, 60))})");
      assertThat(widths.get("page").asInt()).as(widths.toString()).isLessThanOrEqualTo(widths.get("view").asInt());
      for (JsonNode right : widths.get("tables")) {
        assertThat(right.asDouble()).as(widths.toString()).isLessThanOrEqualTo(widths.get("view").asDouble());
      }
      assertThat(narrow.evaluate("[...document.querySelectorAll('table.functions td.loc')].map(td => td.title)"))
          .extracting(JsonNode::asText).anySatisfy(t -> assertThat(t).endsWith("transport_adapters_with_retries.py:1234"));

      // 79 threads: main, the request threads as one row, the pollers as one; the watchdog, alone under 1%, keeps its row
      JsonNode rows = narrow.evaluate("[...document.querySelectorAll('table.threads tr.thread td:first-child')].map(td => td.textContent)");
      assertThat(rows).extracting(JsonNode::asText).containsExactly(
          "thread 100 (MainThread)", "threads without a name (75 threads)", "Thread-N (poller) (2 threads)", "thread 3001 (watchdog)");

      // a finding under 2% of the samples is listed as minor, never as a problem
      JsonNode findings = narrow.evaluate("[...document.querySelectorAll('li.finding')].map(li =>"
          + " ({badge: li.querySelector('.badge').textContent, pct: parseFloat(li.querySelector('.pct').textContent)}))");
      assertThat(findings).isNotEmpty();
      assertThat(findings).as(findings.toString())
          .anySatisfy(f -> assertThat(f.get("badge").asText()).isEqualTo("minor"))
          .allSatisfy(f -> assertThat(f.get("badge").asText().equals("problem") && f.get("pct").asDouble() < 2).isFalse());
      Files.write(dir.resolve("thread-per-request.png"), narrow.screenshot());
      narrow.evaluate("document.querySelector('table.threads').scrollIntoView()");
      Files.write(Path.of("target", "thread-per-request-threads.png"), narrow.screenshot());
      narrow.evaluate("document.getElementById('functions').scrollIntoView()");
      Files.write(Path.of("target", "thread-per-request-functions.png"), narrow.screenshot());
      Files.copy(page, Path.of("target", "thread-per-request-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(dir.resolve("thread-per-request.png"), Path.of("target", "thread-per-request-report.png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void takesExtraSectionsSuchAsAMemoryReport() throws IOException {
    Report report = GuidedAnalysis.analyse(subprocessProfile(), SourceLines.NONE);
    ReportHtml page = GuidedAnalysisPage.of(report, subprocessProfile().tree().displayView()).add(new ReportSection() {
      @Override
      public String id() {
        return "memory";
      }

      @Override
      public String title() {
        return "Memory";
      }

      @Override
      public void write(Html html) {
        html.element("p", "retained", "42 MiB retained by cache <dict>");
      }
    });
    StringWriter out = new StringWriter();
    page.write(out);
    Path file = dir.resolve("with-memory.html");
    Files.writeString(file, out.toString());

    browser.load(file);

    assertThat(browser.evaluate("document.querySelector('nav a[href=\"#memory\"]').textContent").asText()).isEqualTo("Memory");
    assertThat(browser.evaluate("document.querySelector('#memory .retained').textContent").asText())
        .isEqualTo("42 MiB retained by cache <dict>");
    assertThat(browser.consoleErrors()).isEmpty();
  }
}
