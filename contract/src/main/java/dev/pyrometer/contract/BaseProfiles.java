package dev.pyrometer.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the operator hands the agent the profiles to compare a session with (a ProfileSession's
 * {@code spec.compareTo}): one presigned GET URL per folded file of the base session (one per
 * pod), in the variables {@code PYROMETER_BASE_PROFILE_1}, {@code _2}, ..., read by the agent's
 * {@code --compare-from-env}. The URLs are bearer capabilities, delivered like the upload URLs.
 */
public final class BaseProfiles {
  public static final String ENV_PREFIX = "PYROMETER_BASE_PROFILE_";
  /** More pods than a session may target (its maxPods is at most 20). */
  public static final int MAX = 32;

  private BaseProfiles() {}

  /** The variable of the {@code index}-th base profile, from 1. */
  public static String envVar(int index) {
    return ENV_PREFIX + index;
  }

  /** The URLs in the environment, in order, up to the first unset variable. */
  public static List<String> fromEnvironment(Map<String, String> env) {
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= MAX; i++) {
      String value = env.get(envVar(i));
      if (value == null || value.isBlank()) {
        break;
      }
      urls.add(value.trim());
    }
    return urls;
  }
}
