package dev.pyrometer.operator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which namespaces a list may show a viewer: the one asked for if they may {@code list} there;
 * else every namespace when they may list cluster-wide, else each namespace holding objects where
 * they may. None: 403, as {@code kubectl get -A} would refuse.
 */
public final class VisibleNamespaces {
  private VisibleNamespaces() {}

  /**
   * A list response ({@code {"items": [...]}}) of the objects the viewer may list, one row each.
   *
   * @param lister the objects of one namespace, or of all when given null
   */
  public static <T extends HasMetadata> JsonNode listing(ConsoleAccess access, Viewer viewer, String resource,
      String namespace, Function<String, List<T>> lister, Function<T, ObjectNode> row) {
    List<T> all = lister.apply(namespace == null || namespace.isBlank() ? null : namespace);
    Predicate<String> visible = of(access, viewer, resource, namespace,
        all.stream().map(o -> o.getMetadata().getNamespace()).toList());
    ArrayNode items = ConsoleJson.array();
    all.stream().filter(o -> visible.test(o.getMetadata().getNamespace())).forEach(o -> items.add(row.apply(o)));
    ObjectNode out = ConsoleJson.object();
    out.set("items", items);
    return out;
  }

  /** null means every namespace. */
  public static Predicate<String> of(ConsoleAccess access, Viewer viewer, String resource, String namespace, Collection<String> present) {
    if (namespace != null && !namespace.isBlank()) {
      access.require(viewer, "list", resource, namespace);
      return namespace::equals;
    }
    if (access.allowed(viewer, "list", resource, null)) {
      return ns -> true;
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (String ns : new LinkedHashSet<>(present)) {
      if (access.allowed(viewer, "list", resource, ns)) {
        allowed.add(ns);
      }
    }
    if (allowed.isEmpty()) {
      throw ConsoleException.forbidden(viewer.username() + " may not list " + resource + "." + KubernetesAccessReview.GROUP
          + (present.isEmpty() ? " in every namespace" : " in any namespace that has some") + "; ask for one with ?namespace=");
    }
    return allowed::contains;
  }
}
