package dev.pyrometer.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Set;
import java.util.TreeSet;

/** One permission: a verb on a resource (or subresource) of an API group ("" = core). */
record Grant(String apiGroup, String resource, String verb) implements Comparable<Grant> {

    /** A rule without apiGroups means the core group. */
    private static final JsonNode CORE_GROUP_ONLY = JsonNodeFactory.instance.arrayNode().add("");

    /**
     * Expands every PolicyRule-shaped object (apiGroups/resources/verbs, or the operator file's
     * apiGroup/resource/verbs) found anywhere in the tree into single grants, so differently shaped
     * lists with the same meaning compare equal.
     */
    static Set<Grant> allIn(JsonNode tree) {
        Set<Grant> grants = new TreeSet<>();
        collect(tree, grants);
        return grants;
    }

    private static void collect(JsonNode node, Set<Grant> grants) {
        if (node.isObject() && node.has("verbs") && node.has("resource")) {
            // the operator's requirements file: {apiGroup, resource, verbs}
            for (JsonNode verb : node.get("verbs")) {
                grants.add(new Grant(node.path("apiGroup").asText(""), node.get("resource").asText(), verb.asText()));
            }
            return;
        }
        if (node.isObject() && node.has("verbs") && node.has("resources")) {
            JsonNode groups = node.path("apiGroups");
            for (JsonNode group : groups.isMissingNode() ? CORE_GROUP_ONLY : groups) {
                for (JsonNode resource : node.get("resources")) {
                    for (JsonNode verb : node.get("verbs")) {
                        grants.add(new Grant(group.asText(), resource.asText(), verb.asText()));
                    }
                }
            }
            return;
        }
        for (JsonNode child : node) {
            collect(child, grants);
        }
    }


    boolean isWildcard() {
        return apiGroup.equals("*") || resource.equals("*") || verb.equals("*") || resource.endsWith("/*");
    }

    @Override
    public int compareTo(Grant other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + ":" + verb;
    }
}
