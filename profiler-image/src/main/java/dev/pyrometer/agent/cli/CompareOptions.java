package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.diff.BaseProfileFetcher;
import dev.pyrometer.agent.diff.SessionComparison;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.contract.BaseProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a run is compared with, as the operator asks for a session's {@code spec.compareTo}: the
 * base session's folded files at presigned GET URLs in {@code PYROMETER_BASE_PROFILE_*}.
 */
final class CompareOptions {
  @Option(names = "--compare-from-env", description = "Compare the run with the folded profiles at the presigned URLs in"
      + " PYROMETER_BASE_PROFILE_1, _2, ... (as the operator sets them for spec.compareTo): diff.folded,"
      + " diff-flamegraph.html, diff.json and a comparison section in report.html.")
  boolean fromEnv;

  @Option(names = "--compare-name", paramLabel = "TEXT", defaultValue = "BASE",
      description = "How the comparison names its base, e.g. \"session checkout-cpu-1\". Default: ${DEFAULT-VALUE}.")
  String name;

  boolean requested() {
    return fromEnv;
  }

  /**
   * Downloads the base: done before sampling, so a base that is missing is known early, and its
   * URLs (which expire) are used while fresh.
   */
  Base fetch() {
    if (!fromEnv) {
      return null;
    }
    List<String> urls = BaseProfiles.fromEnvironment(System.getenv());
    if (urls.isEmpty()) {
      return new Base(null, "no " + BaseProfiles.ENV_PREFIX + "1 in the environment");
    }
    try {
      return new Base(new BaseProfileFetcher().fetch(urls), null);
    } catch (BaseProfileFetcher.BaseUnavailableException e) {
      return new Base(null, e.getMessage());
    }
  }

  /** The base profile, or why there is none. */
  record Base(CallTree tree, String unavailable) {
    SessionComparison compare(Path newFolded, boolean bytes, String name, Path dir) throws IOException {
      return SessionComparison.of(tree, unavailable, newFolded, bytes, name, dir);
    }
  }
}
