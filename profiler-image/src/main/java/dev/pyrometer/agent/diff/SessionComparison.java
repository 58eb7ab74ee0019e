package dev.pyrometer.agent.diff;

import dev.pyrometer.agent.heap.report.ShortTop;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run compared with a base profile (a ProfileSession's {@code spec.compareTo}): the same
 * comparison as {@code pyrometer diff}, written beside the run's own artifacts (diff.folded,
 * diff-flamegraph.html, diff.json), a section for its report.html, and one sentence for the
 * summary (the session's insight). A base that cannot be had never fails the run: the section and
 * the sentence say why there is no comparison.
 *
 * @param sentence the largest change ("handle_by_script waits 35 points more in subprocess.run than
 *     session nightly-1 (...)", "leakmod.CACHE (dict) grew by 48.0 MiB since session nightly-1 (...)"),
 *     or why nothing was compared
 * @param artifacts the files written (none when nothing was compared)
 * @param section the report section
 */
public record SessionComparison(String sentence, List<ArtifactRef> artifacts, ReportSection section) {

  /**
   * @param base the base profile (process roots already dropped), or null when it is unavailable
   * @param unavailable why it is unavailable
   * @param newFolded the run's own folded file, just written
   * @param bytes true for memory (memory.folded), false for samples
   * @param baseName how sentences name the base, e.g. {@code session checkout-cpu-1}
   */
  public static SessionComparison of(CallTree base, String unavailable, Path newFolded, boolean bytes, String baseName,
      Path dir) throws IOException {
    if (base == null) {
      return notCompared(baseName, unavailable);
    }
    if (base.total() == 0) {
      return notCompared(baseName, "it holds no " + (bytes ? "objects" : "samples"));
    }
    CallTree news;
    try (var in = Files.newBufferedReader(newFolded)) {
      news = BaseProfileFetcher.withoutProcesses(dev.pyrometer.agent.render.FoldedStacks.parse(in).tree());
    }
    DiffTree tree = DiffTree.of(base, news);
    ProfileDiff diff = ProfileDiff.of(tree, bytes, baseName);
    DiffArtifacts.writeData(baseName, "this session", tree, diff, dir);
    List<ArtifactRef> written = new ArrayList<>();
    for (Artifact a : List.of(Artifact.DIFF_FLAMEGRAPH, Artifact.DIFF_FOLDED, Artifact.DIFF_JSON)) {
      written.add(new ArtifactRef(a.fileName(), Files.size(dir.resolve(a.fileName())), false));
    }
    String sentence = bytes ? memorySentence(diff, baseName) : diff.headline();
    return new SessionComparison(sentence, List.copyOf(written), DiffSection.compared(baseName, diff));
  }

  private static SessionComparison notCompared(String baseName, String why) {
    String sentence = "not compared with " + baseName + ": " + why;
    return new SessionComparison(sentence, List.of(), DiffSection.notCompared(sentence));
  }

  /**
   * "leakmod.CACHE (dict) grew by 48.0 MiB since session nightly-1 (2.0 MiB → 50.0 MiB)": the
   * reference path that carries the largest change, named as a user writes it.
   */
  static String memorySentence(ProfileDiff diff, String baseName) {
    Change top = diff.headlineChange();
    if (top == null) {
      return "no change in what holds the memory since " + baseName;
    }
    return String.format(Locale.ROOT, "%s %s by %s since %s (%s → %s)", ShortTop.name(top.name()),
        top.delta() >= 0 ? "grew" : "shrank", Sizes.bytes(Math.abs(top.delta())), baseName, Sizes.bytes(top.base()),
        Sizes.bytes(top.news()));
  }
}
