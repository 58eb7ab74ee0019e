package dev.pyrometer.operator.console;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which namespaces a list may show a viewer: the one asked for if they may {@code list} there;
 * else every namespace when they may list cluster-wide, else each namespace holding objects where
 * they may. None: 403, as {@code kubectl get -A} would refuse.
 */
public final class VisibleNamespaces {
  private VisibleNamespaces() {}

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
