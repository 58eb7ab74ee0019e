package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.contract.ArtifactRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir
  Path dir;

  @Test
  void writesReportJsonAndHtmlAndDescribesThemForTheSummary() throws Exception {
    RecordedProfile profile = new Stacks().add(100, 10, main(app("handle", 8), sys("clock_nanosleep"))).profile(SampleMode.OFFCPU);
    Report report = GuidedAnalysis.analyse(profile, SourceLines.NONE);
    Path out = dir.resolve("new/sub");

    List<ArtifactRef> written = ReportWriter.write(report, profile, out);

    assertThat(written).extracting(ArtifactRef::name).containsExactly("report.json", "report.html");
    for (ArtifactRef ref : written) {
      assertThat(Files.size(out.resolve(ref.name()))).isEqualTo(ref.bytes()).isPositive();
      assertThat(ref.uploaded()).isFalse();
    }
    assertThat(ReportJson.fromJson(Files.readString(out.resolve("report.json")))).isEqualTo(report);
    assertThat(Files.readString(out.resolve("report.html"))).startsWith("<!DOCTYPE html>").contains("sleeps in handle");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.json", "report.html");
    }
  }
}
