package dev.pyrometer.kubectl;

import java.util.Locale;

/**
 * What the user named on the command line: a pod, {@code deploy/NAME} or {@code statefulset/NAME}
 * (kubectl's spellings: pod/po, deployment/deployments/deploy, statefulset/statefulsets/sts, with
 * or without the {@code .apps} group).
 */
public record Target(Kind kind, String name) {
  public enum Kind {
    POD("pod"), DEPLOYMENT("deployment"), STATEFULSET("statefulset");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  public static Target parse(String text) {
    if (text == null || text.isBlank()) {
      throw PluginException.usage("name a target: POD, deploy/NAME or statefulset/NAME");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new Target(Kind.POD, validName(text, text));
    }
    String type = text.substring(0, slash).toLowerCase(Locale.ROOT);
    String name = validName(text.substring(slash + 1), text);
    Kind kind = switch (type) {
      case "pod", "pods", "po" -> Kind.POD;
      case "deploy", "deployment", "deployments", "deployment.apps", "deployments.apps" -> Kind.DEPLOYMENT;
      case "sts", "statefulset", "statefulsets", "statefulset.apps", "statefulsets.apps" -> Kind.STATEFULSET;
      default -> throw PluginException.usage("cannot profile a \"" + type + "\": name a pod, deploy/NAME or statefulset/NAME");
    };
    return new Target(kind, name);
  }

  private static String validName(String name, String text) {
    if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || name.length() > 253) {
      throw PluginException.usage("\"" + text + "\" is not a pod, deploy/NAME or statefulset/NAME (names are lower case: a-z, 0-9, '-', '.')");
    }
    return name;
  }

  @Override
  public String toString() {
    return kind == Kind.POD ? "pod/" + name : kind.word() + "/" + name;
  }
}
