package dev.pyrometer.chart;

import static dev.pyrometer.chart.HelmChart.FULLNAME;
import static dev.pyrometer.chart.HelmChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The operator gets exactly the RBAC its code uses, scoped to where it works. */
class OperatorRbacTest {

    private static final Grant LEASES_UPDATE = new Grant("coordination.k8s.io", "leases", "update");
    private static final Set<Grant> CONSOLE_REVIEWS = Set.of(
            new Grant("authentication.k8s.io", "tokenreviews", "create"),
            new Grant("authorization.k8s.io", "subjectaccessreviews", "create"));

    private final Set<Grant> required = OperatorRbacRequirements.load();

    @Test
    void grantsExactlyTheOperatorsRequirementsWhenWatchingAllNamespaces() {
        BoundRoles operator = operatorRoles(HelmChart.render(Map.of()));

        assertThat(operator.allGrants())
                .as("operator grants vs %s", OperatorRbacRequirements.source())
                .containsExactlyInAnyOrderElementsOf(required);
        assertThat(operator.grantsIn("any-namespace"))
                .as("all namespaces watched: session rules hold in any namespace")
                .contains(new Grant("", "pods/ephemeralcontainers", "patch"));
    }

    @Test
    void grantsExactlyTheOperatorsRequirementsInEachWatchedNamespaceAndNothingClusterWide() {
        BoundRoles operator = operatorRoles(HelmChart.render(Map.of("watchNamespaces", List.of("shop", "payments"))));

        assertThat(operator.clusterWide()).as("cluster-wide: only the console's reviews (cluster-scoped resources)")
                .allSatisfy(b -> assertThat(b.grants()).containsExactlyInAnyOrderElementsOf(CONSOLE_REVIEWS));
        for (String watched : List.of("shop", "payments")) {
            Set<Grant> usable = new TreeSet<>(operator.grantsIn(watched));
            usable.addAll(operator.grantsIn(NAMESPACE));
            assertThat(usable).as("grants usable for sessions in %s", watched).containsExactlyInAnyOrderElementsOf(required);
        }
        assertThat(operator.grantsIn("elsewhere")).as("an unwatched namespace: only the console's (cluster-scoped) reviews")
                .containsExactlyInAnyOrderElementsOf(CONSOLE_REVIEWS);
    }

    @Test
    void grantsLeaderElectionLeasesOnlyInTheReleaseNamespace() {
        for (Map<String, ?> values : List.of(Map.<String, Object>of(), Map.of("watchNamespaces", List.of("shop")))) {
            BoundRoles operator = operatorRoles(HelmChart.render(values));
            List<BoundRoles.Bound> withLeases = operator.all().stream()
                    .filter(b -> b.grants().contains(LEASES_UPDATE))
                    .toList();

            assertThat(withLeases).as("roles granting lease updates, values %s", values).hasSize(1);
            assertThat(withLeases.get(0).bindingKind()).isEqualTo("RoleBinding");
            assertThat(withLeases.get(0).namespace()).isEqualTo(NAMESPACE);
        }
    }

    @Test
    void grantsNoWildcardInAnyRoleOfTheChart() {
        List<Manifests> bothModes = List.of(
                HelmChart.render(Map.of()), HelmChart.render(Map.of("watchNamespaces", List.of("shop"))));

        for (Manifests rendered : bothModes) {
            for (String kind : List.of("ClusterRole", "Role")) {
                for (JsonNode role : rendered.ofKind(kind)) {
                    assertThat(Grant.allIn(role.path("rules")))
                            .as("%s %s", kind, role.path("metadata").path("name").asText())
                            .isNotEmpty()
                            .noneMatch(Grant::isWildcard);
                }
            }
        }
    }

    @Test
    void profilerRoleGrantsWhatTheAdmissionPolicyDemandsOfSessionCreators() {
        Manifests manifests = HelmChart.render(Map.of());
        Set<Grant> profiler = Grant.allIn(manifests.named("ClusterRole", FULLNAME + "-profiler").path("rules"));
        JsonNode viewer = manifests.named("ClusterRole", FULLNAME + "-viewer");

        assertThat(profiler).contains(
                new Grant("pyrometer.dev", "profilesessions", "create"),
                new Grant("", "pods/ephemeralcontainers", "patch"));
        assertThat(Grant.allIn(viewer.path("rules"))).allMatch(g -> Set.of("get", "list", "watch").contains(g.verb()));
        assertThat(viewer.path("metadata").path("labels").path("rbac.authorization.k8s.io/aggregate-to-view").asText())
                .isEqualTo("true");
        assertThat(manifests.ofKind("ClusterRoleBinding"))
                .as("the chart binds user roles to nobody")
                .noneMatch(b -> b.path("roleRef").path("name").asText().endsWith("-profiler"));
    }

    @Test
    void leavesUserRolesOutWhenAskedTo() {
        Manifests manifests = HelmChart.render(Map.of("userRoles", Map.of("create", false)));

        assertThat(manifests.ofKind("ClusterRole"))
                .extracting(r -> r.path("metadata").path("name").asText())
                .containsExactly(FULLNAME + "-operator", FULLNAME + "-console-reviews");
    }

    @Test
    void grantsTheConsoleReviewsOnlyWhileTheConsoleIsEnabled() {
        for (Map<String, ?> values : List.of(Map.<String, Object>of(), Map.of("watchNamespaces", List.of("shop")))) {
            Map<String, Object> disabled = new java.util.HashMap<>(values);
            disabled.put("console", Map.of("enabled", false));
            BoundRoles without = operatorRoles(HelmChart.render(disabled));
            Set<Grant> rest = new TreeSet<>(required);
            rest.removeAll(CONSOLE_REVIEWS);

            assertThat(required).as("the operator declares the console's reviews").containsAll(CONSOLE_REVIEWS);
            assertThat(without.allGrants()).as("console disabled, values %s", values).containsExactlyInAnyOrderElementsOf(rest);
            assertThat(operatorRoles(HelmChart.render(values)).clusterWide())
                    .as("console enabled: the reviews are bound cluster-wide (a Role cannot grant them)")
                    .anySatisfy(b -> assertThat(b.grants()).containsAll(CONSOLE_REVIEWS));
        }
    }

    private static BoundRoles operatorRoles(Manifests manifests) {
        return new BoundRoles(manifests, FULLNAME, NAMESPACE);
    }
}
