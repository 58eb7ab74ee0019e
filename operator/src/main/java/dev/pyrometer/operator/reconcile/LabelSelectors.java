package dev.pyrometer.operator.reconcile;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Evaluates a label selector against a pod's labels, as the API server does for list calls. */
public final class LabelSelectors {
  private LabelSelectors() {}

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> have = Optional.ofNullable(labels).orElse(Map.of());
    Map<String, String> wanted = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (!e.getValue().equals(have.get(e.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement r :
        Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
      if (!matches(r, have)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    List<String> values = Optional.ofNullable(r.getValues()).orElse(List.of());
    String value = labels.get(r.getKey());
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(r.getKey());
      case "DoesNotExist" -> !labels.containsKey(r.getKey());
      default -> false;
    };
  }

  /** {@code app=web,tier in (a,b)}: how kubectl would print it, for messages. */
  public static String describe(LabelSelector selector) {
    String labels =
        Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()).entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    String expressions =
        Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of()).stream()
            .map(r -> r.getKey() + " " + r.getOperator() + " " + r.getValues())
            .collect(Collectors.joining(","));
    String both = labels.isEmpty() ? expressions : expressions.isEmpty() ? labels : labels + "," + expressions;
    return both.isEmpty() ? "(everything)" : both;
  }
}
