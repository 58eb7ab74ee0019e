package dev.pyrometer.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.FrameKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeClassifierTest {

  @ParameterizedTest(name = "{0} is {1} in module {2}")
  @CsvSource({
    // third-party code, wherever the environment lives
    "/srv/venv/lib/python3.12/site-packages/requests/sessions.py, LIBRARY, requests.sessions",
    "/usr/local/lib/python3.11/site-packages/urllib3/__init__.py, LIBRARY, urllib3",
    "/usr/lib/python3/dist-packages/yaml/reader.py, LIBRARY, yaml.reader",
    "/opt/conda/lib/python3.10/site-packages/numpy/core/numeric.py, LIBRARY, numpy.core.numeric",
    "/home/dev/.local/lib/python3.13t/site-packages/orjson/__init__.py, LIBRARY, orjson",
    // the standard library of pyenv, Debian, Docker images, our 3.14 build
    "/root/.pyenv/versions/3.8.18/lib/python3.8/subprocess.py, STDLIB, subprocess",
    "/usr/lib/python3.11/concurrent/futures/thread.py, STDLIB, concurrent.futures.thread",
    "/usr/local/lib/python3.12/asyncio/base_events.py, STDLIB, asyncio.base_events",
    "/root/.cache/pyrometer/cpython-3.14/lib/python3.14/re/__init__.py, STDLIB, re",
    "<frozen importlib._bootstrap>, STDLIB, importlib._bootstrap",
    "<frozen runpy>, STDLIB, runpy",
    // the user's code, including directories that merely look like library paths
    "/app/Processor.py, APP, Processor",
    "/srv/app/handlers/__init__.py, APP, handlers",
    "/home/dev/lib/python_tools/run.py, APP, run",
    "/work/lib/python3-compat/shim.py, APP, shim",
    "<string>, APP, <string>"
  })
  void classifiesPythonFramesByTheirPath(String file, CodeCategory category, String module) {
    CodeFrame frame = CodeClassifier.classify(FrameKey.python("f", file, 1));

    assertThat(frame.category()).isEqualTo(category);
    assertThat(frame.module()).isEqualTo(module);
  }

  @Test
  void classifiesSystemCallsMarkersAndUnknownFilesAsNative() {
    assertThat(CodeClassifier.classify(FrameKey.syscall("poll")).category()).isEqualTo(CodeCategory.NATIVE);
    assertThat(CodeClassifier.classify(FrameKey.marker("<truncated>")).category()).isEqualTo(CodeCategory.NATIVE);
    assertThat(CodeClassifier.classify(FrameKey.python("f", "", 0)).category()).isEqualTo(CodeCategory.NATIVE);
    assertThat(CodeClassifier.classify(FrameKey.python("f", "<shim>", 0)).category()).isEqualTo(CodeCategory.NATIVE);
  }

  @Test
  void matchesFunctionsBySimpleNameSoOldAndNewPythonsLookAlike() {
    CodeFrame qualified = CodeClassifier.classify(Stacks.std("subprocess.py", "Popen._wait", 2011));
    CodeFrame bare = CodeClassifier.classify(FrameKey.python("_wait", "/usr/lib/python3.8/subprocess.py", 1764));

    assertThat(qualified.is("subprocess", "_wait")).isTrue();
    assertThat(bare.is("subprocess", "_wait")).isTrue();
    assertThat(qualified.is("subprocess", "wait")).isFalse();
  }

  @Test
  void neverTreatsApplicationModulesAsTheStandardLibraryOfTheSameName() {
    CodeFrame appQueue = CodeClassifier.classify(FrameKey.python("get", "/srv/app/queue.py", 3));

    assertThat(appQueue.inModule("queue")).isFalse();
    assertThat(CodeClassifier.classify(Stacks.std("queue.py", "Queue.get", 171)).inModule("queue")).isTrue();
  }

  @Test
  void matchesSubmodulesButNotModulesThatMerelyShareAPrefix() {
    CodeFrame compiler = CodeClassifier.classify(Stacks.std("re/_compiler.py", "compile", 740));
    CodeFrame requests = CodeClassifier.classify(Stacks.lib("requests/api.py", "get", 73));

    assertThat(compiler.inModule("re")).isTrue();
    assertThat(requests.inModule("re")).isFalse();
  }
}
