package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.sample.SampleMode;
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
