package dev.pyrometer.agent.pprof;

import com.google.perftools.profiles.ProfileProto.Function;
import com.google.perftools.profiles.ProfileProto.Label;
import com.google.perftools.profiles.ProfileProto.Location;
import com.google.perftools.profiles.ProfileProto.Profile;
import com.google.perftools.profiles.ProfileProto.Sample;
import com.google.perftools.profiles.ProfileProto.ValueType;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a pprof profile back into a call tree: the tree {@code profile.folded} shows (a process
 * root only when several processes are present, no thread level), so a pprof file and a folded file
 * of the same recording compare equal. Reads what {@link PprofWriter} writes and pprof profiles of
 * other tools alike: a location's inlined lines become one frame each, callers first.
 */
public final class PprofReader {
  private PprofReader() {}

  /** A profile that cannot be read: names what is wrong. */
  public static final class BadProfileException extends IOException {
    public BadProfileException(String message) {
      super(message);
    }
  }

  /**
   * What was read.
   *
   * @param tree the weights of the chosen sample type
   * @param sampleType {@code type/unit} of that column, e.g. {@code samples/count}
   * @param bytes true when the column counts bytes
   */
  public record Result(CallTree tree, String sampleType, boolean bytes) {}

  /** Reads a gzip-compressed profile (or an uncompressed one, which pprof accepts too). */
  public static Profile parse(InputStream in) throws IOException {
    InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    boolean gzip = b1 == 0x1f && b2 == 0x8b;
    try {
      return Profile.parseFrom(gzip ? new GZIPInputStream(buffered) : buffered);
    } catch (InvalidProtocolBufferException e) {
      throw new BadProfileException("not a pprof profile (" + e.getMessage() + ")");
    } catch (java.util.zip.ZipException e) {
      throw new BadProfileException("not a pprof profile (corrupt gzip: " + e.getMessage() + ")");
    }
  }

  /** The tree of the column that the folded file counts: samples, else the default sample type. */
  public static Result toTree(Profile profile) throws BadProfileException {
    int column = weightColumn(profile);
    ValueType type = profile.getSampleType(column);
    String unit = string(profile, type.getUnit());
    Resolver resolver = new Resolver(profile);
    Set<Long> pids = new HashSet<>();
    for (Sample sample : profile.getSampleList()) {
      pids.add(resolver.pid(sample));
    }
    boolean processRoots = pids.size() > 1;
    CallTree tree = new CallTree();
    List<FrameKey> stack = new ArrayList<>();
    for (Sample sample : profile.getSampleList()) {
      if (sample.getValueCount() <= column) {
        throw new BadProfileException("a sample has " + sample.getValueCount() + " values for "
            + profile.getSampleTypeCount() + " sample types");
      }
      stack.clear();
      if (processRoots) {
        stack.add(resolver.processFrame(sample));
      }
      for (int i = sample.getLocationIdCount() - 1; i >= 0; i--) {
        resolver.addFrames(sample.getLocationId(i), stack);
      }
      long value = sample.getValue(column);
      if (value > 0 && !stack.isEmpty()) {
        tree.add(stack, value);
      }
    }
    return new Result(tree, string(profile, type.getType()) + "/" + unit, "bytes".equals(unit));
  }

  private static int weightColumn(Profile profile) throws BadProfileException {
    if (profile.getSampleTypeCount() == 0) {
      throw new BadProfileException("the pprof profile has no sample types");
    }
    int preferred = -1;
    for (int i = 0; i < profile.getSampleTypeCount(); i++) {
      String type = string(profile, profile.getSampleType(i).getType());
      if (PprofLayout.SAMPLES.equals(type)) {
        return i;
      }
      if (profile.getDefaultSampleType() != 0 && profile.getDefaultSampleType() == profile.getSampleType(i).getType()) {
        preferred = i;
      }
    }
    // pprof's rule: without a default, the last sample type
    return preferred >= 0 ? preferred : profile.getSampleTypeCount() - 1;
  }

  static String string(Profile profile, long index) throws BadProfileException {
    if (index < 0 || index >= profile.getStringTableCount()) {
      throw new BadProfileException("string index " + index + " outside the string table of "
          + profile.getStringTableCount());
    }
    return profile.getStringTable((int) index);
  }

  /** Looks ids up once and turns functions and labels back into frames. */
  private static final class Resolver {
    private final Profile profile;
    private final Map<Long, Location> locations = new HashMap<>();
    private final Map<Long, Function> functions = new HashMap<>();

    Resolver(Profile profile) {
      this.profile = profile;
      for (Location location : profile.getLocationList()) {
        locations.put(location.getId(), location);
      }
      for (Function function : profile.getFunctionList()) {
        functions.put(function.getId(), function);
      }
    }

    long pid(Sample sample) throws BadProfileException {
      for (Label label : sample.getLabelList()) {
        if (PprofLayout.PID_LABEL.equals(string(profile, label.getKey()))) {
          return label.getNum();
        }
      }
      return 0;
    }

    FrameKey processFrame(Sample sample) throws BadProfileException {
      long pid = 0;
      String commandLine = "";
      for (Label label : sample.getLabelList()) {
        String key = string(profile, label.getKey());
        if (PprofLayout.PID_LABEL.equals(key)) {
          pid = label.getNum();
        } else if (PprofLayout.PROCESS_LABEL.equals(key)) {
          commandLine = string(profile, label.getStr());
        }
      }
      return FrameKey.process((int) pid, commandLine);
    }

    /** A location's frames, callers first (pprof lists inlined lines callee first). */
    void addFrames(long locationId, List<FrameKey> stack) throws BadProfileException {
      Location location = locations.get(locationId);
      if (location == null) {
        throw new BadProfileException("a sample refers to location " + locationId + ", which is not in the profile");
      }
      for (int i = location.getLineCount() - 1; i >= 0; i--) {
        long functionId = location.getLine(i).getFunctionId();
        Function function = functions.get(functionId);
        if (function == null) {
          throw new BadProfileException("location " + locationId + " refers to function " + functionId
              + ", which is not in the profile");
        }
        stack.add(frame(function, location.getLine(i).getLine()));
      }
      if (location.getLineCount() == 0) {
        stack.add(FrameKey.marker("0x" + Long.toHexString(location.getAddress())));
      }
    }

    /** Inverse of {@link PprofWriter.FunctionKey#of}: a file makes a Python frame, {@code _[k]} a system call. */
    private FrameKey frame(Function function, long line) throws BadProfileException {
      String name = string(profile, function.getName());
      String file = string(profile, function.getFilename());
      if (!file.isEmpty()) {
        return FrameKey.python(name, file, (int) line, (int) function.getStartLine());
      }
      String systemName = string(profile, function.getSystemName());
      if (name.equals(systemName + "_[k]")) {
        return FrameKey.syscall(systemName);
      }
      return FrameKey.marker(name);
    }
  }
}
