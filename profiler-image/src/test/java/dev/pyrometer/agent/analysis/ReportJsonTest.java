package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pyrometer.agent.sample.SampleMode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  private static Report sample() {
    Stacks stacks = new Stacks()
        .add(100, 8, main(app("handle", 12), std("subprocess.py", "run", 550), sys("wait4")))
        .add(100, 2, main(app("handle", 14)));
    return GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), SourceLines.NONE);
  }

  @Test
  void readsBackWhatItWrites() {
    Report report = sample();

    assertThat(ReportJson.fromJson(ReportJson.toJson(report))).isEqualTo(report);
  }

  @Test
  void writesTheSchemaVersionTheHeadlineAndTheFindingsFields() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(sample()));

    assertThat(json.get("schemaVersion").asInt()).isEqualTo(Report.SCHEMA_VERSION);
    assertThat(json.get("profile").get("mode").asText()).isEqualTo("offcpu");
    assertThat(json.get("headline").asInt()).isZero();
    JsonNode finding = json.get("findings").get(0);
    assertThat(finding.get("kind").asText()).isEqualTo("blocking.subprocess");
    assertThat(finding.get("verdict").asText()).isEqualTo("PROBLEM");
    assertThat(finding.get("share").asDouble()).isEqualTo(0.8);
    assertThat(finding.get("location").get("file").asText()).isEqualTo(Stacks.APP_FILE);
    assertThat(finding.get("location").get("line").asInt()).isEqualTo(12);
    assertThat(finding.get("location").get("category").asText()).isEqualTo("APP");
    assertThat(finding.get("call").get("module").asText()).isEqualTo("subprocess");
    assertThat(finding.get("path")).hasSize(4);
    assertThat(json.get("functions").get("self")).isNotEmpty();
    assertThat(json.get("breakdowns").get("processes").get(0).get("threads")).hasSize(1);
    assertThat(json.has("headlineFinding")).isFalse();
  }

  /** What report.json was before the streaming writer: Jackson's data binding of the records. */
  private static String dataBound(Report report) throws Exception {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
  }

  @Test
  void writesWhatDataBindingWrites() throws Exception {
    Report report = sample();

    assertThat(ReportJson.toJson(report)).isEqualTo(dataBound(report));
  }

  @Test
  void writesWhatDataBindingWritesWhereFieldsAreNull() throws Exception {
    ReportFrame frame = new ReportFrame(null, null, null, null, 3, null, null, null, null);
    ReportFinding finding = new ReportFinding(null, null, null, null, null, 1, 0.5, 0.25, 2, null, false, frame, null,
        null, null, null);
    Report.FunctionRow row = new Report.FunctionRow(null, null, null, null, 0, null, 1, 0.1, 0.2, 3, 0.3, 0.4, null,
        List.of(new Report.LineShare(7, 1, 0.125)));
    Report.ProcessRow process = new Report.ProcessRow(1, null, null, 2, 0.5, 1.5,
        List.of(new Report.ThreadRow(3, null, 1, 0.5, 0.5, null, null, 0.75, null)));
    Report report = new Report(1, new Report.ProfileInfo(null, 100, 0.01, 1.5, 10, 0, 1, 1), Arrays.asList("a", null), 0,
        List.of(finding), List.of(new ReportPath(1, 0.5, 0.25, null, -1, null), new ReportPath(1, 0.5, 0.25, "k", 0, List.of(frame))),
        new Report.Functions(List.of(row), null),
        new Report.Breakdowns(List.of(new Report.Share(null, null, 1, 0.5, 0.25)), null, List.of(), null, List.of(process)),
        List.of(new Report.PatternShare(null, null, 1, 0.5, 0.25, null, null)), null);
    Report empty = new Report(1, null, null, -1, null, null, new Report.Functions(null, null),
        new Report.Breakdowns(null, null, null, null, null), null, List.of());

    assertThat(ReportJson.toJson(report)).isEqualTo(dataBound(report));
    assertThat(ReportJson.toJson(empty)).isEqualTo(dataBound(empty));
  }

  @Test
  void ignoresFieldsAddedByANewerWriter() {
    String json = ReportJson.toJson(sample()).replaceFirst("\\{", "{\"addedLater\": [1, 2],");

    assertThat(ReportJson.fromJson(json).findings()).hasSize(2);
  }

  @Test
  void rejectsTextThatIsNotAReportInOneLine() {
    assertThatThrownBy(() -> ReportJson.fromJson("[1, 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a Pyrometer report");
  }
}
