package dev.pyrometer.agent.analysis;

import com.google.perftools.profiles.ProfileProto.Function;
import com.google.perftools.profiles.ProfileProto.Label;
import com.google.perftools.profiles.ProfileProto.Location;
import com.google.perftools.profiles.ProfileProto.Profile;
import com.google.perftools.profiles.ProfileProto.Sample;
import dev.pyrometer.agent.pprof.PprofLayout;
import dev.pyrometer.agent.pprof.PprofWriter;
import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * profile.pb.gz of a real asyncio program, decoded with protobuf-java: the samples the sampler
 * attributed to a task carry its name in a {@code task} label, and each function's start line is
 * its {@code def} line as the source has it (the code object's co_firstlineno).
 */
class AsyncioPprofTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "14, DEBIAN_STATIC"}) // the two line-table formats at the ends
  void taskSamplesCarryTheTaskLabelAndFunctionsTheirDefLine(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "asyncio_blocking_coroutine.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.WALL, Duration.ofSeconds(2));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PprofWriter.write(recorded.profile().tree(), PprofLayout.forRecording(recorded.profile(), Instant.now()), bytes);
      Profile profile = Profile.parseFrom(new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray())));

      Map<Long, Location> locations = profile.getLocationList().stream().collect(Collectors.toMap(Location::getId, l -> l));
      Map<Long, Function> functions = profile.getFunctionList().stream().collect(Collectors.toMap(Function::getId, f -> f));
      SoftAssertions soft = new SoftAssertions();
      List<Sample> inCrunch = profile.getSampleList().stream()
          .filter(s -> s.getLocationIdList().stream().anyMatch(id -> name(profile, functions, locations.get(id)).equals("crunch")))
          .toList();
      soft.assertThat(inCrunch).as("samples in crunch (called by the task blocker)").isNotEmpty();
      for (Sample s : inCrunch) {
        soft.assertThat(labels(profile, s)).as("labels of a sample in crunch")
            .contains("task=blocker").anyMatch(l -> l.startsWith("thread=")).anyMatch(l -> l.startsWith("process="));
      }
      for (Sample s : profile.getSampleList()) {
        // every sample under a task's frame has that task's label, and no other sample has one
        List<String> tasks = s.getLocationIdList().stream().map(id -> name(profile, functions, locations.get(id)))
            .filter(n -> n.startsWith("task ")).map(n -> "task=" + n.substring(5)).toList();
        soft.assertThat(labels(profile, s).stream().filter(l -> l.startsWith("task=")).toList())
            .as("task labels of a sample whose stack has %s", tasks).isEqualTo(tasks);
      }

      Map<String, Long> startLines = profile.getFunctionList().stream()
          .collect(Collectors.toMap(f -> profile.getStringTable((int) f.getName()), Function::getStartLine, (a, b) -> a));
      soft.assertThat(startLines.get("crunch")).as("crunch's start line").isEqualTo((long) run.lineOf("def crunch("));
      soft.assertThat(startLines.get("blocker")).as("blocker's start line").isEqualTo((long) run.lineOf("async def blocker("));
      soft.assertAll();
    }
  }

  private static String name(Profile profile, Map<Long, Function> functions, Location location) {
    return profile.getStringTable((int) functions.get(location.getLine(0).getFunctionId()).getName());
  }

  private static List<String> labels(Profile profile, Sample sample) {
    return sample.getLabelList().stream().map((Label l) -> profile.getStringTable((int) l.getKey()) + "="
        + (l.getStr() != 0 ? profile.getStringTable((int) l.getStr()) : Long.toString(l.getNum()))).toList();
  }
}
