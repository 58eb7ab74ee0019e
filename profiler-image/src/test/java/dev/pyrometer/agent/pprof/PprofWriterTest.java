package dev.pyrometer.agent.pprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.perftools.profiles.ProfileProto.Function;
import com.google.perftools.profiles.ProfileProto.Label;
import com.google.perftools.profiles.ProfileProto.Line;
import com.google.perftools.profiles.ProfileProto.Location;
import com.google.perftools.profiles.ProfileProto.Profile;
import com.google.perftools.profiles.ProfileProto.Sample;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.agent.sample.SampleMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * profile.pb.gz against pprof's own schema: decoded with protobuf-java's classes generated from
 * profile.proto, every id resolves, the totals are the folded file's, and reading it back gives the
 * same folded stacks.
 */
class PprofWriterTest {
  private static final String APP = "/srv/app.py";
  private static final String SUBPROCESS = "/usr/lib/python3.12/subprocess.py";

  /** Two processes, two threads in one of them, a syscall leaf, a marker, a frame without a file. */
  static CallTree recordedTree() {
    CallTree tree = new CallTree();
    FrameKey p1 = FrameKey.process(4242, "python app.py --port 80");
    FrameKey p2 = FrameKey.process(4343, "python worker.py");
    FrameKey main = FrameKey.python("main", APP, 40);
    FrameKey handle = FrameKey.python("handle_by_script", APP, 24);
    tree.add(List.of(p1, FrameKey.thread(4242, "MainThread"), main, handle, FrameKey.python("run", SUBPROCESS, 550),
        FrameKey.syscall("wait4")), 35);
    tree.add(List.of(p1, FrameKey.thread(4250, "worker-1"), main, FrameKey.python("report", APP, 60)), 20);
    tree.add(List.of(p1, FrameKey.thread(4250, "worker-1"), main, FrameKey.python("report", APP, 61)), 5);
    tree.add(List.of(p2, FrameKey.thread(4343, ""), FrameKey.python("<module>", "/w/worker.py", 1),
        FrameKey.marker("<truncated>")), 7);
    tree.add(List.of(p2, FrameKey.thread(4343, ""), FrameKey.python("mystery", null, 0)), 3);
    return tree;
  }

  static RecordedProfile recording(CallTree tree, SampleMode mode) {
    return new RecordedProfile(mode, 200, Duration.ofSeconds(3), tree, List.of());
  }

  static Profile writeAndDecode(CallTree tree, PprofLayout layout) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PprofWriter.write(tree, layout, bytes);
    byte[] gz = bytes.toByteArray();
    assertThat(gz[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
    assertThat(gz[1] & 0xff).isEqualTo(0x8b);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return Profile.parseFrom(in);
    }
  }

  @Test
  void decodesAgainstProfileProtoWithEveryIdResolvable() throws IOException {
    Profile profile = writeAndDecode(recordedTree(), PprofLayout.forRecording(recording(recordedTree(), SampleMode.CPU),
        Instant.parse("2026-01-02T03:04:05Z")));

    assertThat(profile.getStringTable(0)).isEmpty();
    assertThat(profile.getStringTableList()).doesNotHaveDuplicates();
    assertResolvable(profile);
    assertThat(str(profile, profile.getSampleType(0).getType()) + "/" + str(profile, profile.getSampleType(0).getUnit()))
        .isEqualTo("samples/count");
    assertThat(str(profile, profile.getSampleType(1).getType()) + "/" + str(profile, profile.getSampleType(1).getUnit()))
        .isEqualTo("cpu/nanoseconds");
    assertThat(str(profile, profile.getDefaultSampleType())).isEqualTo("cpu");
    assertThat(profile.getPeriod()).isEqualTo(5_000_000L);
    assertThat(profile.getDurationNanos()).isEqualTo(3_000_000_000L);
    assertThat(profile.getTimeNanos()).isEqualTo(Instant.parse("2026-01-02T03:04:02Z").getEpochSecond() * 1_000_000_000L);
    for (Sample sample : profile.getSampleList()) {
      assertThat(sample.getValue(1)).as("each sample weighs one interval").isEqualTo(sample.getValue(0) * 5_000_000L);
    }
    assertThat(profile.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum())
        .as("sample total = the folded file's").isEqualTo(FoldedStacks.parse(FoldedStacks.toText(recordedTree()
            .displayView())).tree().total()).isEqualTo(70);
  }

  @Test
  void namesFunctionsWithFileAndLocationsWithLines() throws IOException {
    Profile profile = writeAndDecode(recordedTree(), PprofLayout.forRecording(recording(recordedTree(), SampleMode.WALL),
        Instant.now()));
    assertThat(str(profile, profile.getSampleType(1).getType())).isEqualTo("wall");
    Sample waiting = profile.getSampleList().stream().filter(s -> s.getValue(0) == 35).findFirst().orElseThrow();
    List<String> leafFirst = waiting.getLocationIdList().stream().map(id -> describe(profile, id)).toList();
    assertThat(leafFirst).containsExactly("wait4_[k] () :0", "run (" + SUBPROCESS + ") :550",
        "handle_by_script (" + APP + ") :24", "main (" + APP + ") :40");
    assertThat(labels(profile, waiting)).containsExactlyInAnyOrder("pid=4242", "process=python app.py --port 80",
        "tid=4242", "thread=thread 4242 (MainThread)");
    // two lines of report share one function
    assertThat(profile.getFunctionList().stream().filter(f -> str(profile, f.getName()).equals("report"))).hasSize(1);
    assertThat(profile.getLocationList().stream().filter(l -> describe(profile, l.getId()).startsWith("report ")))
        .hasSize(2);
  }

  @Test
  void roundTripsThroughTheReaderToTheSameFoldedStacks() throws IOException {
    CallTree tree = recordedTree();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PprofWriter.write(tree, PprofLayout.forRecording(recording(tree, SampleMode.OFFCPU), Instant.now()), bytes);
    PprofReader.Result back = PprofReader.toTree(PprofReader.parse(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back.sampleType()).isEqualTo("samples/count");
    assertThat(back.bytes()).isFalse();
    assertThat(FoldedStacks.toText(back.tree())).isEqualTo(FoldedStacks.toText(tree.displayView()));

    // one process: no process root, as in profile.folded
    CallTree single = new CallTree();
    tree.forEachStack((path, w) -> {
      if (path.get(0).line() == 4242) {
        single.add(path, w);
      }
    });
    bytes.reset();
    PprofWriter.write(single, PprofLayout.forRecording(recording(single, SampleMode.CPU), Instant.now()), bytes);
    CallTree singleBack = PprofReader.toTree(PprofReader.parse(new ByteArrayInputStream(bytes.toByteArray()))).tree();
    assertThat(FoldedStacks.toText(singleBack)).isEqualTo(FoldedStacks.toText(single.displayView()))
        .startsWith("main (app.py:40)");
  }

  @Test
  void heapProfilesCountInuseObjectsAndBytesByReferencePath() throws IOException {
    CallTree heap = FoldedStacks.parse("""
        sys.modules;leakmod;CACHE (dict) 1000
        sys.modules;leakmod;CACHE (dict);[*values] (str) 50000
        <thread 12 MainThread>;main (app.py:3);rows (list) 700
        """).tree();
    CallTree objects = FoldedStacks.parse("""
        sys.modules;leakmod;CACHE (dict) 1
        sys.modules;leakmod;CACHE (dict);[*values] (str) 25
        <thread 12 MainThread>;main (app.py:3);rows (list) 1
        """).tree();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PprofWriter.write(List.of(objects, heap), PprofLayout.forHeap(Instant.now()), bytes);
    Profile profile = Profile.parseFrom(new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertResolvable(profile);
    assertThat(str(profile, profile.getSampleType(0).getType()) + "/" + str(profile, profile.getSampleType(0).getUnit()))
        .isEqualTo("inuse_objects/count");
    assertThat(str(profile, profile.getSampleType(1).getType()) + "/" + str(profile, profile.getSampleType(1).getUnit()))
        .isEqualTo("inuse_space/bytes");
    assertThat(str(profile, profile.getDefaultSampleType())).isEqualTo("inuse_space");
    assertThat(profile.getSampleList()).hasSize(3);
    assertThat(profile.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum()).isEqualTo(27);
    assertThat(profile.getSampleList().stream().mapToLong(s -> s.getValue(1)).sum()).isEqualTo(51_700);
    assertThat(profile.getSampleList()).anySatisfy(s -> assertThat(s.getValueList()).containsExactly(25L, 50_000L));
    PprofReader.Result back = PprofReader.toTree(profile);
    assertThat(back.bytes()).isTrue();
    assertThat(FoldedStacks.toText(back.tree())).isEqualTo(FoldedStacks.toText(heap));
  }

  @Test
  void refusesWhatIsNotAProfileWithAReason() {
    assertThatThrownBy(() -> PprofReader.parse(new ByteArrayInputStream("hello;world 3\n".getBytes())))
        .isInstanceOf(PprofReader.BadProfileException.class).hasMessageStartingWith("not a pprof profile");
    Profile dangling = Profile.newBuilder().addStringTable("").addStringTable("samples").addStringTable("count")
        .addSampleType(com.google.perftools.profiles.ProfileProto.ValueType.newBuilder().setType(1).setUnit(2))
        .addSample(Sample.newBuilder().addLocationId(9).addValue(1)).build();
    assertThatThrownBy(() -> PprofReader.toTree(dangling)).isInstanceOf(PprofReader.BadProfileException.class)
        .hasMessageContaining("location 9");
  }

  /** Every sample's locations, every location's functions and every string index exist; ids are unique and nonzero. */
  static void assertResolvable(Profile profile) {
    int strings = profile.getStringTableCount();
    Set<Long> locationIds = new HashSet<>();
    Set<Long> functionIds = new HashSet<>();
    for (Function f : profile.getFunctionList()) {
      assertThat(f.getId()).isPositive();
      assertThat(functionIds.add(f.getId())).as("function id %d unique", f.getId()).isTrue();
      assertThat(List.of(f.getName(), f.getSystemName(), f.getFilename())).allSatisfy(i -> assertThat(i).isBetween(0L, strings - 1L));
    }
    for (Location l : profile.getLocationList()) {
      assertThat(l.getId()).isPositive();
      assertThat(locationIds.add(l.getId())).as("location id %d unique", l.getId()).isTrue();
      assertThat(l.getLineList()).isNotEmpty();
      for (Line line : l.getLineList()) {
        assertThat(functionIds).contains(line.getFunctionId());
      }
    }
    for (Sample s : profile.getSampleList()) {
      assertThat(s.getValueCount()).isEqualTo(profile.getSampleTypeCount());
      assertThat(locationIds).containsAll(s.getLocationIdList());
      for (Label label : s.getLabelList()) {
        assertThat(label.getKey()).isBetween(1L, strings - 1L);
        assertThat(label.getStr()).isBetween(0L, strings - 1L);
      }
    }
    profile.getSampleTypeList().forEach(t -> assertThat(List.of(t.getType(), t.getUnit()))
        .allSatisfy(i -> assertThat(i).isBetween(1L, strings - 1L)));
    assertThat(profile.getDefaultSampleType()).isBetween(1L, strings - 1L);
    profile.getCommentList().forEach(c -> assertThat(c).isBetween(1L, strings - 1L));
  }

  static String str(Profile profile, long index) {
    return profile.getStringTable((int) index);
  }

  private static String describe(Profile profile, long locationId) {
    Location location = profile.getLocationList().stream().filter(l -> l.getId() == locationId).findFirst().orElseThrow();
    Line line = location.getLine(0);
    Function f = profile.getFunctionList().stream().filter(fn -> fn.getId() == line.getFunctionId()).findFirst().orElseThrow();
    return str(profile, f.getName()) + " (" + str(profile, f.getFilename()) + ") :" + line.getLine();
  }

  private static List<String> labels(Profile profile, Sample sample) {
    return sample.getLabelList().stream().map(l -> str(profile, l.getKey()) + "="
        + (l.getStr() != 0 ? str(profile, l.getStr()) : Long.toString(l.getNum()))).toList();
  }
}
