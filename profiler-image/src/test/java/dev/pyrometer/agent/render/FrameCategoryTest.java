package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.FrameKey;
import org.junit.jupiter.api.Test;

class FrameCategoryTest {

  @Test
  void tellsAppStdlibAndLibraryApartByAbsolutePath() {
    assertThat(category("/srv/app/handlers.py")).isEqualTo(FrameCategory.APP);
    assertThat(category("/usr/lib/python3.12/asyncio/base_events.py")).isEqualTo(FrameCategory.STDLIB);
    assertThat(category("/root/.pyenv/versions/3.13.0/lib/python3.13t/threading.py")).isEqualTo(FrameCategory.STDLIB);
    assertThat(category("<frozen importlib._bootstrap>")).isEqualTo(FrameCategory.STDLIB);
    assertThat(category("/venv/lib/python3.12/site-packages/requests/sessions.py")).isEqualTo(FrameCategory.LIBRARY);
    assertThat(category("/usr/lib/python3/dist-packages/yaml/reader.py")).isEqualTo(FrameCategory.LIBRARY);
    assertThat(category("/srv/app/queue.py")).as("an app file named like a stdlib module").isEqualTo(FrameCategory.APP);
  }

  @Test
  void classifiesShortPathsReadBackFromAFoldedFile() {
    assertThat(FrameCategory.of(FrameLabels.parse("run_forever (asyncio/base_events.py:641)"))).isEqualTo(FrameCategory.STDLIB);
    assertThat(FrameCategory.of(FrameLabels.parse("select (selectors.py:468)"))).isEqualTo(FrameCategory.STDLIB);
    assertThat(FrameCategory.of(FrameLabels.parse("send (requests/sessions.py:589)"))).isEqualTo(FrameCategory.LIBRARY);
    assertThat(FrameCategory.of(FrameLabels.parse("handle (worker.py:12)"))).isEqualTo(FrameCategory.APP);
  }

  @Test
  void placesAModuleByItsFileElseByItsName() {
    assertThat(FrameCategory.ofModule("shop.cache", "/srv/shop/cache.py")).isEqualTo(FrameCategory.APP);
    assertThat(FrameCategory.ofModule("re", "/usr/lib/python3.12/re/__init__.py")).isEqualTo(FrameCategory.STDLIB);
    assertThat(FrameCategory.ofModule("_json", "/usr/lib/python3.12/lib-dynload/_json.cpython-312-x86_64-linux-gnu.so"))
        .isEqualTo(FrameCategory.STDLIB);
    assertThat(FrameCategory.ofModule("yaml", "/usr/lib/python3/dist-packages/yaml/__init__.py")).isEqualTo(FrameCategory.LIBRARY);
    assertThat(FrameCategory.ofModule("sys", null)).as("built in: no file").isEqualTo(FrameCategory.STDLIB);
    assertThat(FrameCategory.ofModule("importlib._bootstrap", null)).isEqualTo(FrameCategory.STDLIB);
    assertThat(FrameCategory.ofModule("shop", null)).as("a namespace package tells nothing").isEqualTo(FrameCategory.MARKER);
  }

  @Test
  void givesNonPythonFramesTheirOwnCategories() {
    assertThat(FrameCategory.of(FrameKey.syscall("futex"))).isEqualTo(FrameCategory.SYSCALL);
    assertThat(FrameCategory.of(FrameKey.marker("<truncated>"))).isEqualTo(FrameCategory.MARKER);
    assertThat(FrameCategory.of(FrameKey.thread(3, "worker"))).isEqualTo(FrameCategory.CONTEXT);
    assertThat(FrameCategory.of(FrameKey.process(3, "python app.py"))).isEqualTo(FrameCategory.CONTEXT);
  }

  private static FrameCategory category(String file) {
    return FrameCategory.of(FrameKey.python("f", file, 1));
  }
}
