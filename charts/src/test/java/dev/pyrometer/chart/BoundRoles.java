package dev.pyrometer.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The Roles and ClusterRoles a rendered chart binds to one ServiceAccount, with where they apply. */
final class BoundRoles {

    /** A role bound to the subject; {@code namespace} is null when bound cluster-wide. */
    record Bound(String bindingKind, String namespace, JsonNode role) {
        Set<Grant> grants() {
            return Grant.allIn(role.path("rules"));
        }
    }

    private final List<Bound> bound = new ArrayList<>();

    BoundRoles(Manifests manifests, String serviceAccount, String serviceAccountNamespace) {
        for (String bindingKind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (JsonNode binding : manifests.ofKind(bindingKind)) {
                if (!bindsServiceAccount(binding, serviceAccount, serviceAccountNamespace)) {
                    continue;
                }
                String namespace = bindingKind.equals("RoleBinding") ? binding.path("metadata").path("namespace").asText() : null;
                JsonNode roleRef = binding.path("roleRef");
                bound.add(new Bound(bindingKind, namespace, resolve(manifests, roleRef, namespace)));
            }
        }
    }

    List<Bound> all() {
        return List.copyOf(bound);
    }

    List<Bound> clusterWide() {
        return bound.stream().filter(b -> b.namespace() == null).toList();
    }

    /** Everything the subject may do in this namespace: cluster-wide grants plus that namespace's. */
    Set<Grant> grantsIn(String namespace) {
        Set<Grant> grants = new TreeSet<>();
        bound.stream()
                .filter(b -> b.namespace() == null || b.namespace().equals(namespace))
                .forEach(b -> grants.addAll(b.grants()));
        return grants;
    }

    Set<Grant> allGrants() {
        Set<Grant> grants = new TreeSet<>();
        bound.forEach(b -> grants.addAll(b.grants()));
        return grants;
    }

    private static boolean bindsServiceAccount(JsonNode binding, String name, String namespace) {
        for (JsonNode subject : binding.path("subjects")) {
            if (subject.path("kind").asText().equals("ServiceAccount")
                    && subject.path("name").asText().equals(name)
                    && subject.path("namespace").asText().equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode resolve(Manifests manifests, JsonNode roleRef, String bindingNamespace) {
        String kind = roleRef.path("kind").asText();
        String name = roleRef.path("name").asText();
        return manifests.ofKind(kind).stream()
                .filter(r -> r.path("metadata").path("name").asText().equals(name))
                .filter(r -> kind.equals("ClusterRole")
                        || r.path("metadata").path("namespace").asText().equals(bindingNamespace))
                .findFirst()
                .orElseThrow(() -> new AssertionError("binding refers to a " + kind + " " + name
                        + " the chart does not render" + (bindingNamespace == null ? "" : " in " + bindingNamespace)));
    }
}
