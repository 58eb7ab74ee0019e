package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's declared API permissions (src/main/resources/rbac-requirements.yaml, which the
 * chart's RBAC must match), and what RBAC permission an API request needs.
 */
public final class RbacRequirements {
  private static final Pattern CORE = Pattern.compile("^/api/v1(?:/namespaces/[^/]+)?/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?$");
  private static final Pattern GROUP = Pattern.compile("^/apis/([^/]+)/[^/]+(?:/namespaces/[^/]+)?/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?$");

  private RbacRequirements() {}

  /**
   * Non-resource URLs every authenticated user may GET (the system:public-info-viewer
   * ClusterRole): the operator needs no grant for them.
   */
  public static final Set<String> PUBLIC = Set.of("nonResourceURL /version");

  /**
   * {@code group/resource/verb} for every granted permission, e.g. {@code /pods/watch}, and the
   * {@link #PUBLIC} non-resource URLs.
   */
  @SuppressWarnings("unchecked")
  public static Set<String> granted() {
    try (InputStream in = RbacRequirements.class.getResourceAsStream("/rbac-requirements.yaml")) {
      Map<String, Object> doc = Serialization.unmarshal(in, Map.class);
      Set<String> out = new HashSet<>(PUBLIC);
      for (Map<String, Object> rule : (List<Map<String, Object>>) doc.get("rules")) {
        for (Object group : (List<Object>) rule.get("apiGroups")) {
          for (Object resource : (List<Object>) rule.get("resources")) {
            for (Object verb : (List<Object>) rule.get("verbs")) {
              out.add(group + "/" + resource + "/" + verb);
            }
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The declared rules as an authorizer would list them in a SelfSubjectRulesReview. */
  @SuppressWarnings("unchecked")
  public static List<io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule> asResourceRules() {
    try (InputStream in = RbacRequirements.class.getResourceAsStream("/rbac-requirements.yaml")) {
      Map<String, Object> doc = Serialization.unmarshal(in, Map.class);
      return ((List<Map<String, Object>>) doc.get("rules")).stream()
          .map(rule -> new io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder()
              .withApiGroups(strings(rule.get("apiGroups")))
              .withResources(strings(rule.get("resources")))
              .withVerbs(strings(rule.get("verbs")))
              .build())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return ((List<Object>) list).stream().map(String::valueOf).toList();
  }

  /** The permission a request needs, as {@code group/resource[/subresource]/verb}. */
  public static String needed(ApiRequest request) {
    String group;
    String resource;
    String name;
    String sub;
    Matcher core = CORE.matcher(request.path());
    Matcher named = GROUP.matcher(request.path());
    if (request.path().startsWith("/api/v1/namespaces/") && request.path().split("/").length == 5) {
      // /api/v1/namespaces/<name> is the namespace object itself
      group = "";
      resource = "namespaces";
      name = request.path().split("/")[4];
      sub = null;
    } else if (core.matches()) {
      group = "";
      resource = core.group(1);
      name = core.group(2);
      sub = core.group(3);
    } else if (named.matches()) {
      group = named.group(1);
      resource = named.group(2);
      name = named.group(3);
      sub = named.group(4);
    } else {
      return "nonResourceURL " + request.path();
    }
    String verb =
        switch (request.method()) {
          case "GET" -> name == null ? (request.isWatch() ? "watch" : "list") : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> request.method().toLowerCase();
        };
    return group + "/" + resource + (sub == null ? "" : "/" + sub) + "/" + verb;
  }
}
