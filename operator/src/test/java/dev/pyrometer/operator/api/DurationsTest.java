package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "1h30m,PT1H30M", "1m30s,PT1M30S", "0s,PT0S"})
  void parsesTheSyntaxTheAgentAndCelAccept(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "1.5h", "30 s", "-5s", "2d", "1us"})
  void refusesEverythingElseNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "30s", "1m30s", "1h", "2h5s"})
  void formatsWhatItParses(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }
}
