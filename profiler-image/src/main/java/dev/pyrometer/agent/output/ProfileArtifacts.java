package dev.pyrometer.agent.output;

import dev.pyrometer.agent.pprof.PprofLayout;
import dev.pyrometer.agent.pprof.PprofWriter;
import dev.pyrometer.agent.profile.TreeView;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.render.FlameGraphHtml;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.agent.render.SpeedscopeJson;
import dev.pyrometer.agent.render.WeightUnit;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes the artifacts of a CPU/wall/off-CPU recording: folded stacks, flame graph, speedscope, pprof. */
public final class ProfileArtifacts {
  private ProfileArtifacts() {}

  /**
   * @param view what the folded file and the flame graph show: a view of the recorded tree, which
   *     every artifact is written from as it is walked (nothing copied, nothing held whole)
   */
  public static List<ArtifactRef> write(RecordedProfile profile, TreeView view, Path dir) throws IOException {
    return write(profile, view, dir, false);
  }

  /**
   * @param lines whether flamegraph.html opens with one box per source line rather than one per
   *     function (the folded file always keeps the lines: it is the raw data)
   */
  public static List<ArtifactRef> write(RecordedProfile profile, TreeView view, Path dir, boolean lines) throws IOException {
    Files.createDirectories(dir);
    List<ArtifactRef> written = new ArrayList<>();
    written.add(writeText(dir, Artifact.FOLDED, out -> FoldedStacks.write(view, out)));
    String title = profile.mode().cliName() + " profile";
    String subtitle = String.format("%d samples at %d Hz over %.1f s", view.total(), profile.rateHz(),
        profile.elapsed().toMillis() / 1000.0);
    written.add(writeText(dir, Artifact.FLAMEGRAPH, out ->
        FlameGraphHtml.write(view, FlameGraphHtml.Options.of(title, WeightUnit.SAMPLES).withSubtitle(subtitle).withLines(lines), out)));
    written.add(writeBinary(dir, Artifact.SPEEDSCOPE, out ->
        SpeedscopeJson.writeTimed(profile.tree(), title, profile.secondsPerSample(), out)));
    // the whole tree: its process and thread levels become the samples' labels
    written.add(writeBinary(dir, Artifact.PPROF, out ->
        PprofWriter.write(profile.tree(), PprofLayout.forRecording(profile, Instant.now()), out)));
    return written;
  }

  /** Writes one text artifact (UTF-8) and returns its reference. */
  public static ArtifactRef writeText(Path dir, Artifact artifact, TextBody body) throws IOException {
    Path file = dir.resolve(artifact.fileName());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      body.write(out);
    }
    return new ArtifactRef(artifact.fileName(), Files.size(file), false);
  }

  public static ArtifactRef writeBinary(Path dir, Artifact artifact, BinaryBody body) throws IOException {
    Path file = dir.resolve(artifact.fileName());
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      body.write(out);
    }
    return new ArtifactRef(artifact.fileName(), Files.size(file), false);
  }

  /** Produces a text artifact's content. */
  @FunctionalInterface
  public interface TextBody {
    void write(Writer out) throws IOException;
  }

  /** Produces a binary artifact's content. */
  @FunctionalInterface
  public interface BinaryBody {
    void write(OutputStream out) throws IOException;
  }

}
