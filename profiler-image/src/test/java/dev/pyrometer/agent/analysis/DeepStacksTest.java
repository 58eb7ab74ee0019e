package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A recursion thousands of frames deep, analysed and rendered on a Java stack smaller than the agent's. */
class DeepStacksTest {
  private static final int DEPTH = 5_000;

  @Test
  void analysesAndRendersStacksThousandsOfFramesDeepOnASmallJavaStack() throws Exception {
    List<FrameKey> deep = new ArrayList<>(Stacks.main());
    for (int i = 0; i < DEPTH; i++) {
      deep.add(app("walk", 10 + i % 3));
    }
    List<FrameKey> blocked = new ArrayList<>(deep);
    blocked.add(app("read_node", 40));
    blocked.add(sys("read"));
    RecordedProfile profile = new Stacks().add(100, 30, blocked).add(100, 10, deep).profile(SampleMode.OFFCPU);
    AtomicReference<Object> outcome = new AtomicReference<>();

    Thread small = new Thread(null, () -> {
      try {
        Report report = GuidedAnalysis.analyse(profile, SourceLines.NONE);
        StringWriter html = new StringWriter();
        GuidedAnalysisPage.of(report, profile.tree().displayView()).write(html);
        outcome.set(report);
      } catch (Throwable t) {
        outcome.set(t);
      }
    }, "small-stack", 256 * 1024);
    small.start();
    small.join();

    assertThat(outcome.get()).isInstanceOf(Report.class);
    Report report = (Report) outcome.get();
    ReportFinding top = report.headlineFinding().orElseThrow();
    assertThat(top.location().function()).isEqualTo("read_node");
    assertThat(top.path()).hasSize(DEPTH + 3);
    assertThat(report.paths().get(0).frames()).hasSize(DEPTH + 3);
  }
}
