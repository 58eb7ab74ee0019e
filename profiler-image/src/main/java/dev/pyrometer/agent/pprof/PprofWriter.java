package dev.pyrometer.agent.pprof;

import com.google.perftools.profiles.ProfileProto.Function;
import com.google.perftools.profiles.ProfileProto.Label;
import com.google.perftools.profiles.ProfileProto.Line;
import com.google.perftools.profiles.ProfileProto.Location;
import com.google.perftools.profiles.ProfileProto.Profile;
import com.google.perftools.profiles.ProfileProto.Sample;
import com.google.perftools.profiles.ProfileProto.ValueType;
import com.google.protobuf.CodedOutputStream;
import dev.pyrometer.agent.profile.AsyncFrames;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a call tree as pprof's {@code profile.proto} (gzip), the format {@code go tool pprof},
 * Grafana Pyroscope and Polar Signals read. Every stack with self weight becomes one sample whose
 * values are that weight times each {@link PprofLayout.Column}'s multiplier (or, with one tree per
 * column, each tree's weight of that stack); process and thread
 * levels of the tree become the sample's labels, every other frame a location with one line; an
 * asyncio task's frame (under the event loop) also gives its samples a {@code task} label.
 */
public final class PprofWriter {
  private PprofWriter() {}

  /**
   * Writes the gzip-compressed profile, streaming: each sample is serialized as soon as its stack is
   * visited, and only the tables (strings, functions, locations: one entry per distinct frame)
   * are held until the end. The bytes are those of {@link #toProfile(CallTree, PprofLayout)}
   * serialized: protobuf writes a message's fields in field-number order (sample types 1, samples
   * 2, then locations 4, functions 5, strings 6 and the scalars), so the samples can go first.
   */
  public static void write(CallTree tree, PprofLayout layout, OutputStream out) throws IOException {
    GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024);
    CodedOutputStream coded = CodedOutputStream.newInstance(gzip, 64 * 1024);
    Builder builder = new Builder(layout);
    builder.writeSampleTypes(coded);
    IOException[] failed = {null};
    tree.forEachStack((stack, weight) -> {
      if (failed[0] == null) {
        try {
          coded.writeMessage(Profile.SAMPLE_FIELD_NUMBER, builder.sample(stack, weights(layout, weight)));
        } catch (IOException e) {
          failed[0] = e;
        }
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    builder.build().writeTo(coded); // no sample types or samples in it: the fields after them
    coded.flush();
    gzip.finish();
    gzip.flush();
  }

  /**
   * Writes one profile from one tree per column (the heap's objects and bytes by path): column i of
   * a sample is tree i's weight of that stack times the column's multiplier, 0 where it has none.
   */
  public static void write(List<CallTree> perColumn, PprofLayout layout, OutputStream out) throws IOException {
    GZIPOutputStream gzip = new GZIPOutputStream(out);
    toProfile(perColumn, layout).writeTo(gzip);
    gzip.finish();
    gzip.flush();
  }

  /** The profile message for a tree, not yet serialized (the whole profile in memory: tests and small trees). */
  public static Profile toProfile(CallTree tree, PprofLayout layout) {
    Builder builder = new Builder(layout);
    tree.forEachStack((stack, weight) -> builder.addStack(stack, weights(layout, weight)));
    return builder.buildWhole();
  }

  public static Profile toProfile(List<CallTree> perColumn, PprofLayout layout) {
    if (perColumn.size() != layout.columns().size()) {
      throw new IllegalArgumentException(perColumn.size() + " trees for " + layout.columns().size() + " columns");
    }
    Map<List<FrameKey>, long[]> stacks = new java.util.LinkedHashMap<>();
    for (int i = 0; i < perColumn.size(); i++) {
      int column = i;
      perColumn.get(i).forEachStack((stack, weight) ->
          stacks.computeIfAbsent(List.copyOf(stack), s -> new long[perColumn.size()])[column] +=
              weight * layout.columns().get(column).multiplier());
    }
    Builder builder = new Builder(layout);
    stacks.forEach(builder::addStack);
    return builder.buildWhole();
  }

  private static long[] weights(PprofLayout layout, long weight) {
    long[] values = new long[layout.columns().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = weight * layout.columns().get(i).multiplier();
    }
    return values;
  }

  /**
   * Interns strings, functions and locations as the stacks come in. The sample types are kept
   * apart from the rest of the message, so that a streaming writer can put them and the samples
   * first and the tables after.
   */
  private static final class Builder {
    private final Profile.Builder profile = Profile.newBuilder();
    private final List<ValueType> sampleTypes = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, Long> strings = new HashMap<>();
    private final Map<FunctionKey, Long> functions = new HashMap<>();
    private final Map<FrameKey, Long> locations = new HashMap<>();

    Builder(PprofLayout layout) {
      string(""); // string_table[0] must be ""
      for (PprofLayout.Column column : layout.columns()) {
        sampleTypes.add(valueType(column.type(), column.unit()));
      }
      profile.setDefaultSampleType(string(layout.defaultType()));
      if (layout.period() > 0) {
        profile.setPeriodType(valueType(layout.periodType().type(), layout.periodType().unit()));
        profile.setPeriod(layout.period());
      }
      profile.setTimeNanos(layout.timeNanos());
      profile.setDurationNanos(layout.durationNanos());
      for (String comment : layout.comments()) {
        profile.addComment(string(comment));
      }
    }

    /** Keeps the sample for {@link #buildWhole()}. */
    void addStack(List<FrameKey> rootFirst, long[] values) {
      samples.add(sample(rootFirst, values));
    }

    void writeSampleTypes(CodedOutputStream out) throws IOException {
      for (ValueType type : sampleTypes) {
        out.writeMessage(Profile.SAMPLE_TYPE_FIELD_NUMBER, type);
      }
    }

    /** One stack as a sample, interning its frames and labels. */
    Sample sample(List<FrameKey> rootFirst, long[] values) {
      Sample.Builder sample = Sample.newBuilder();
      List<Long> ids = new ArrayList<>(rootFirst.size());
      boolean afterEventLoop = false;
      String task = null;
      for (FrameKey frame : rootFirst) {
        switch (frame.kind()) {
          case PROCESS -> {
            sample.addLabel(numLabel(PprofLayout.PID_LABEL, frame.line()));
            sample.addLabel(strLabel(PprofLayout.PROCESS_LABEL, commandLineOf(frame)));
          }
          case THREAD -> {
            sample.addLabel(numLabel(PprofLayout.TID_LABEL, frame.line()));
            sample.addLabel(strLabel(PprofLayout.THREAD_LABEL, frame.name()));
          }
          default -> {
            // the task stays a frame too (the stack reads back the same); the label lets a viewer
            // filter or group by task, as it does by thread
            if (afterEventLoop && frame.kind() == FrameKind.MARKER && frame.name().startsWith(AsyncFrames.TASK_PREFIX)) {
              task = frame.name().substring(AsyncFrames.TASK_PREFIX.length());
            }
            ids.add(location(frame));
          }
        }
        afterEventLoop = AsyncFrames.isEventLoop(frame);
      }
      if (task != null) {
        sample.addLabel(strLabel(PprofLayout.TASK_LABEL, task));
      }
      for (int i = ids.size() - 1; i >= 0; i--) {
        sample.addLocationId(ids.get(i)); // pprof wants the leaf first
      }
      for (long value : values) {
        sample.addValue(value);
      }
      return sample.build();
    }

    /** Everything after the samples: tables and scalars. */
    Profile build() {
      return profile.build();
    }

    /** The whole message: sample types, the kept samples, and the rest. */
    Profile buildWhole() {
      return profile.clone().addAllSampleType(sampleTypes).addAllSample(samples).build();
    }

    private long location(FrameKey frame) {
      Long id = locations.get(frame);
      if (id == null) {
        id = (long) locations.size() + 1;
        locations.put(frame, id);
        profile.addLocation(Location.newBuilder().setId(id)
            .addLine(Line.newBuilder().setFunctionId(function(frame)).setLine(frame.line())));
      }
      return id;
    }

    /**
   * One function per name and file: the lines of a function share it, as in pprof's own profiles.
   * Its start line is the {@code def} line the sampler read from the code object (0 when unknown).
   */
    private long function(FrameKey frame) {
      FunctionKey key = FunctionKey.of(frame);
      Long id = functions.get(key);
      if (id == null) {
        id = (long) functions.size() + 1;
        functions.put(key, id);
        profile.addFunction(Function.newBuilder().setId(id).setName(string(key.name()))
            .setSystemName(string(key.systemName())).setFilename(string(key.file())).setStartLine(frame.firstLine()));
      }
      return id;
    }

    private long string(String text) {
      Long index = strings.get(text);
      if (index == null) {
        index = (long) strings.size();
        strings.put(text, index);
        profile.addStringTable(text);
      }
      return index;
    }

    private ValueType valueType(String type, String unit) {
      return ValueType.newBuilder().setType(string(type)).setUnit(string(unit)).build();
    }

    private Label numLabel(String key, long value) {
      return Label.newBuilder().setKey(string(key)).setNum(value).build();
    }

    private Label strLabel(String key, String value) {
      return Label.newBuilder().setKey(string(key)).setStr(string(value)).build();
    }

    /** {@code process 4242: python app.py} → {@code python app.py}. */
    private static String commandLineOf(FrameKey process) {
      String prefix = "process " + process.line() + ": ";
      return process.name().startsWith(prefix) ? process.name().substring(prefix.length()) : process.name();
    }
  }

  /**
   * What a pprof function is made of. A system call is named as in folded stacks ({@code poll_[k]},
   * FlameGraph's kernel suffix) with its plain name as the system name and no file; a marker or a
   * heap path segment has only a name.
   */
  record FunctionKey(String name, String systemName, String file) {
    static FunctionKey of(FrameKey frame) {
      return switch (frame.kind()) {
        // "?" as folded stacks show an unknown file: a function with a file is a Python function
        case PYTHON -> new FunctionKey(frame.name(), frame.name(),
            frame.file() == null || frame.file().isEmpty() ? "?" : frame.file());
        case SYSCALL -> new FunctionKey(frame.label(), frame.name(), "");
        default -> new FunctionKey(frame.label(), frame.label(), "");
      };
    }

    // Written out: a record's generated equals and hashCode bootstrap through method handles at their
    // first call (classes spun at every start of the agent) and run slower in the agent's C1 code.
    @Override
    public boolean equals(Object o) {
      return o instanceof FunctionKey k && Objects.equals(name, k.name) && Objects.equals(systemName, k.systemName)
          && Objects.equals(file, k.file);
    }

    @Override
    public int hashCode() {
      return (Objects.hashCode(name) * 31 + Objects.hashCode(systemName)) * 31 + Objects.hashCode(file);
    }
  }
}
