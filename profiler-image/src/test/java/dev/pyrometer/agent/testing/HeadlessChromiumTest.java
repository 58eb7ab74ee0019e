package dev.pyrometer.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessChromiumTest {
  @TempDir Path dir;

  @Test
  void evaluatesExpressionsToJsonAndCollectsConsoleErrorsAndUncaughtExceptions() throws IOException {
    Path page = dir.resolve("page.html");
    Files.writeString(page, "<!DOCTYPE html><title>t</title><p id=p>hello</p><script>"
        + "console.log('fine'); console.error('bad thing', 42); setTimeout(() => { throw new Error('boom'); }, 0);"
        + "</script>");
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.load(page);

      JsonNode value = browser.evaluate("({text: document.getElementById('p').textContent, n: 1 + 2, list: [true, null]})");
      assertThat(value.get("text").asText()).isEqualTo("hello");
      assertThat(value.get("n").asInt()).isEqualTo(3);
      assertThat(value.get("list").get(0).asBoolean()).isTrue();
      assertThat(browser.evaluate("undefined").isMissingNode()).isTrue();
      assertThat(browser.evaluate("new Promise(r => setTimeout(() => r('later'), 10))").asText()).isEqualTo("later");
      browser.evaluate("new Promise(r => setTimeout(r, 50))");
      assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("bad thing 42"));
      assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("uncaught").contains("boom"));
      assertThat(browser.consoleMessages()).contains("log: fine");
      assertThatThrownBy(() -> browser.evaluate("null.x")).isInstanceOf(AssertionError.class).hasMessageContaining("TypeError");
    }
  }

  @Test
  void clicksAndTypesLikeAUser() throws IOException {
    Path page = dir.resolve("form.html");
    Files.writeString(page, "<!DOCTYPE html><button id=b style='position:absolute;left:100px;top:50px;width:80px;height:30px'"
        + " onclick='this.textContent=\"clicked\"'>x</button><input id=i style='position:absolute;top:120px'>");
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.load(page);

      browser.click(140, 65);
      browser.evaluate("document.getElementById('i').focus()");
      browser.insertText("typed");

      assertThat(browser.evaluate("document.getElementById('b').textContent").asText()).isEqualTo("clicked");
      assertThat(browser.evaluate("document.getElementById('i').value").asText()).isEqualTo("typed");
      assertThat(browser.screenshot()).startsWith(0x89, 'P', 'N', 'G');
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void failsClearlyOnAMissingFile() {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      assertThatThrownBy(() -> browser.load(dir.resolve("missing.html")))
          .hasMessageContaining("missing.html")
          .hasMessageContaining("ERR_FILE_NOT_FOUND");
    }
  }

  @Test
  void killsTheBrowserAndItsChildrenOnClose() {
    HeadlessChromium browser = HeadlessChromium.start();
    ProcessHandle main = browser.process();
    java.util.List<ProcessHandle> children = main.descendants().toList();

    browser.close();

    assertThat(main.isAlive()).isFalse();
    assertThat(children).isNotEmpty().noneMatch(ProcessHandle::isAlive);
  }
}
