package dev.pyrometer.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary as the agent writes it and the operator reads it, from the shared example. */
class SummaryCodecTest {
  static String example() throws IOException {
    try (InputStream in = SummaryCodec.class.getResourceAsStream("/dev/pyrometer/contract/examples/summary-offcpu.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsTheSharedExample() throws IOException {
    RunSummary summary = SummaryCodec.fromJson(example());
    assertThat(summary.schemaVersion()).isEqualTo(RunSummary.SCHEMA_VERSION);
    assertThat(summary.exitReason()).isEqualTo(ExitReason.COMPLETED);
    assertThat(summary.totalSamples()).isEqualTo(1423);
    assertThat(summary.processes().get(0).topStack()).last().isEqualTo("poll_[k]");
    assertThat(summary.finding().location()).isEqualTo("handle_by_script (demo_app.py:24)");
    assertThat(SummaryCodec.fromJson(SummaryCodec.toJson(summary))).isEqualTo(summary);
  }

  /** What summary.json was before the streaming writer: Jackson's data binding of the records. */
  private static String dataBound(RunSummary summary, boolean pretty) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(summary) : mapper.writeValueAsString(summary);
  }

  @Test
  void writesWhatDataBindingWrites() throws IOException {
    RunSummary example = SummaryCodec.fromJson(example());
    Map<String, Long> dropped = new java.util.LinkedHashMap<>();
    dropped.put("torn-read", 3L);
    dropped.put("frame-cycle", null);
    ProcessSummary full = new ProcessSummary(7, "python app.py", "3.12.1", 10, 4, dropped, List.of("main (app.py:1)"), 9,
        "an error", new Finding("cpu.hot-function", "t", "f (a.py:2)", 0.5, "s"), 1234L,
        new SamplingClock(100, 50, 48, 2, 0, 96.5), new CpuAccount(4.87, 4.52));
    ProcessSummary bare = new ProcessSummary(8, null, null, 0, 0, null, null, 0, null);
    RunSummary summary = new RunSummary(1, "wall", 100, 30, 12.5, ExitReason.COMPLETED, 0, "done", List.of(full, bare),
        List.of(new ArtifactRef("a", 1, true, "ab"), new ArtifactRef("b", 2, false)),
        new Finding(null, null, null, 0.25, null), "compared");
    RunSummary empty = new RunSummary(1, null, 0, 0, 0, null, 3, null, null, null, null, null);

    for (RunSummary s : List.of(example, summary, empty)) {
      assertThat(SummaryCodec.toJson(s)).isEqualTo(dataBound(s, true));
      assertThat(SummaryCodec.toTerminationMessage(s)).isEqualTo(dataBound(s, false));
    }
  }

  @Test
  void ignoresFieldsANewerAgentAdds() {
    RunSummary summary = SummaryCodec.fromJson("{\"schemaVersion\":1,\"mode\":\"cpu\",\"exitReason\":\"NO_SAMPLES\",\"exitCode\":7,\"futureField\":{\"x\":1}}");
    assertThat(summary.exitReason()).isEqualTo(ExitReason.NO_SAMPLES);
  }

  @Test
  void rejectsWhatIsNotASummaryInOneSentence() {
    assertThatThrownBy(() -> SummaryCodec.fromJson("Error: something else entirely"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a Pyrometer run summary");
  }

  @Test
  void theTerminationMessageAlwaysFitsTheKubeletLimitAndKeepsTheOutcome() throws IOException {
    RunSummary example = SummaryCodec.fromJson(example());
    List<ProcessSummary> many = new ArrayList<>();
    for (int pid = 1; pid <= 60; pid++) {
      List<String> deep = new ArrayList<>(Collections.nCopies(200, "recurse (/srv/app/" + "x".repeat(80) + ".py:12)"));
      many.add(new ProcessSummary(pid, "gunicorn: worker [app:" + "y".repeat(300) + "]", "3.12.1", 1000 + pid, 3,
          Map.of("torn-read", 3L), deep, 900, null));
    }
    RunSummary huge = new RunSummary(1, "cpu", 100, 30, 30, ExitReason.COMPLETED, 0, "m".repeat(10_000), many,
        example.artifacts(), example.finding());
    String message = SummaryCodec.toTerminationMessage(huge);
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SummaryCodec.TERMINATION_MESSAGE_LIMIT);
    RunSummary read = SummaryCodec.fromJson(message);
    assertThat(read.exitReason()).isEqualTo(ExitReason.COMPLETED);
    assertThat(read.finding()).isEqualTo(example.finding());
    assertThat(read.artifacts()).isEqualTo(example.artifacts());

    String small = SummaryCodec.toTerminationMessage(example);
    assertThat(SummaryCodec.fromJson(small).processes().get(0).topStack()).isEqualTo(example.processes().get(0).topStack());
  }

  @Test
  void everyArtifactHasItsOwnUploadVariable() {
    assertThat(Artifact.FOLDED.uploadEnvVar()).isEqualTo("PYROMETER_UPLOAD_PROFILE_FOLDED");
    assertThat(Artifact.MEMORY_FLAMEGRAPH.uploadEnvVar()).isEqualTo("PYROMETER_UPLOAD_MEMORY_FLAMEGRAPH_HTML");
    assertThat(java.util.Arrays.stream(Artifact.values()).map(Artifact::uploadEnvVar).distinct()).hasSize(Artifact.values().length);
  }
}
