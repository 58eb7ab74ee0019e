package dev.pyrometer.chart;

import static dev.pyrometer.chart.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ValidatingAdmissionPolicy: rendered by Helm, its CEL run by a real CEL engine against
 * sessions and requesters whose rights come from the chart's own profiler role.
 */
class AdmissionPolicyTest {

    static final String REQUESTER_CHECK = "authorizer.group('').resource('pods').subresource('ephemeralcontainers')"
            + ".namespace(object.metadata.namespace).check('patch').allowed()";

    private final AdmissionCel cel = new AdmissionCel();

    @Test
    void checksThatTheRequesterMayAddEphemeralContainersInTheSessionsNamespace() {
        Manifests manifests = HelmChart.render(Map.of());
        JsonNode policy = manifests.single("ValidatingAdmissionPolicy");
        JsonNode binding = manifests.single("ValidatingAdmissionPolicyBinding");
        JsonNode rule = policy.path("spec").path("matchConstraints").path("resourceRules").get(0);

        assertThat(policy.path("spec").path("validations").get(0).path("expression").asText()).isEqualTo(REQUESTER_CHECK);
        assertThat(policy.path("spec").path("failurePolicy").asText()).isEqualTo("Fail");
        assertThat(rule.path("apiGroups").toString()).isEqualTo("[\"pyrometer.dev\"]");
        assertThat(rule.path("resources").toString()).isEqualTo("[\"profilesessions\",\"profileschedules\"]");
        assertThat(rule.path("operations").toString()).contains("CREATE");
        assertThat(binding.path("spec").path("policyName").asText()).isEqualTo(policy.path("metadata").path("name").asText());
        assertThat(binding.path("spec").path("validationActions").toString()).isEqualTo("[\"Deny\"]");
    }

    @Test
    void admitsASessionFromAUserBoundToTheProfilerRoleInItsNamespace() {
        AdmissionCel.Requester alice = boundToProfilerRoleIn("shop");

        assertThat(denials(policy(Map.of()), create(session("shop", null), alice))).isEmpty();
    }

    @Test
    void deniesASessionFromAUserWhoMayProfileOnlyAnotherNamespace() {
        AdmissionCel.Requester alice = boundToProfilerRoleIn("payments");

        assertThat(denials(policy(Map.of()), create(session("shop", null), alice)))
                .containsExactly("ProfileSession denied: alice may not patch pods/ephemeralcontainers in namespace shop,"
                        + " and a ProfileSession adds an ephemeral container to a pod there");
    }

    @Test
    void deniesAUserWhoMayCreateSessionsButNotAddEphemeralContainers() {
        AdmissionCel.Requester alice = new AdmissionCel.Requester(Map.of("shop", Set.of(
                new Grant("pyrometer.dev", "profilesessions", "create"), new Grant("", "pods", "get"))));

        assertThat(denials(policy(Map.of()), create(session("shop", null), alice))).hasSize(1);
    }

    @Test
    void judgesUpdatesOnlyWhenTheSpecChanges() {
        JsonNode policy = policy(Map.of());
        String matchCondition = policy.path("spec").path("matchConditions").get(0).path("expression").asText();
        Map<String, Object> original = session("shop", null);
        Map<String, Object> relabelled = new java.util.HashMap<>(original);
        relabelled.put("metadata", Map.of("name", "checkout-slow", "namespace", "shop", "labels", Map.of("team", "a")));
        Map<String, Object> retargeted = session("shop", null);
        retargeted.put("spec", Map.of("target", Map.of("podName", "other-pod"), "mode", "cpu"));

        assertThat(cel.evaluate(matchCondition, Map.of("request", Map.of("operation", "CREATE"),
                "object", original))).isEqualTo(true);
        assertThat(cel.evaluate(matchCondition, Map.of("request", Map.of("operation", "UPDATE"),
                "object", relabelled, "oldObject", original))).isEqualTo(false);
        assertThat(cel.evaluate(matchCondition, Map.of("request", Map.of("operation", "UPDATE"),
                "object", retargeted, "oldObject", original))).isEqualTo(true);
    }

    @Test
    void restrictsAgentImagesToTheAllowListWhenOneIsGiven() {
        JsonNode policy = policy(Map.of("allowedAgentImages",
                List.of("registry.local/", "ghcr.io/pyrometer/pyrometer-agent:0.1.0")));
        AdmissionCel.Requester alice = boundToProfilerRoleIn("shop");

        assertThat(denials(policy, create(session("shop", null), alice))).as("default image").isEmpty();
        assertThat(denials(policy, create(session("shop", "registry.local/team/agent:dev"), alice))).isEmpty();
        assertThat(denials(policy, create(session("shop", "ghcr.io/pyrometer/pyrometer-agent:0.1.0"), alice))).isEmpty();
        assertThat(denials(policy, create(session("shop", "ghcr.io/pyrometer/pyrometer-agent:0.2.0"), alice)))
                .containsExactly("ProfileSession denied: spec.agent.image ghcr.io/pyrometer/pyrometer-agent:0.2.0 is not one"
                        + " of the allowed agent images registry.local/, ghcr.io/pyrometer/pyrometer-agent:0.1.0");
        assertThat(denials(policy, create(session("shop", "evil.example/registry.local/agent"), alice))).hasSize(1);
    }

    @Test
    void judgesAProfileScheduleAsTheSessionsItWillCreate() {
        JsonNode policy = policy(Map.of("allowedAgentImages", List.of("registry.local/")));
        AdmissionCel.Requester elsewhere = boundToProfilerRoleIn("payments");
        AdmissionCel.Requester alice = boundToProfilerRoleIn("shop");

        assertThat(denials(policy, create(schedule("shop", null), alice))).isEmpty();
        assertThat(denials(policy, create(schedule("shop", null), elsewhere)))
                .containsExactly("ProfileSchedule denied: alice may not patch pods/ephemeralcontainers in namespace shop,"
                        + " and a ProfileSession adds an ephemeral container to a pod there");
        assertThat(denials(policy, create(schedule("shop", "ghcr.io/other/agent:1"), alice)))
                .containsExactly("ProfileSchedule denied: spec.template.agent.image ghcr.io/other/agent:1 is not one"
                        + " of the allowed agent images registry.local/");
    }

    @Test
    void isLeftOutWhenDisabled() {
        Manifests manifests = HelmChart.render(Map.of("admissionPolicy", Map.of("enabled", false)));

        assertThat(manifests.ofKind("ValidatingAdmissionPolicy")).isEmpty();
        assertThat(manifests.ofKind("ValidatingAdmissionPolicyBinding")).isEmpty();
    }

    @Test
    void refusesToInstallOnAClusterWithoutValidatingAdmissionPolicyUnlessDisabled() {
        assertThatThrownBy(() -> HelmChart.render(Map.of(), "1.29.4"))
                .hasMessageContaining("Kubernetes >= 1.30")
                .hasMessageContaining("admissionPolicy.enabled=false");
        assertThat(HelmChart.render(Map.of("admissionPolicy", Map.of("enabled", false)), "1.29.4").ofKind("Deployment"))
                .hasSize(1);
    }

    /** Runs every validation of the policy; returns the messages of those that deny. */
    private List<String> denials(JsonNode policy, Map<String, Object> variables) {
        List<String> messages = new ArrayList<>();
        for (JsonNode validation : policy.path("spec").path("validations")) {
            if (!Boolean.TRUE.equals(cel.evaluate(validation.path("expression").asText(), variables))) {
                messages.add((String) cel.evaluate(validation.path("messageExpression").asText(), variables));
            }
        }
        return messages;
    }

    private static JsonNode policy(Map<String, Object> admissionPolicyValues) {
        return HelmChart.render(Map.of("admissionPolicy", admissionPolicyValues)).single("ValidatingAdmissionPolicy");
    }

    /** A requester with the chart's profiler ClusterRole bound (RoleBinding) in one namespace. */
    private static AdmissionCel.Requester boundToProfilerRoleIn(String namespace) {
        JsonNode profiler = HelmChart.render(Map.of()).named("ClusterRole", FULLNAME + "-profiler");
        return new AdmissionCel.Requester(Map.of(namespace, Grant.allIn(profiler.path("rules"))));
    }

    private static Map<String, Object> session(String namespace, String agentImage) {
        Map<String, Object> spec = new java.util.HashMap<>(Map.of(
                "target", Map.of("podName", "web-6f9c7d-2xk4q", "container", "app"),
                "mode", "offcpu",
                "duration", "60s"));
        if (agentImage != null) {
            spec.put("agent", Map.of("image", agentImage));
        }
        Map<String, Object> session = new java.util.HashMap<>();
        session.put("apiVersion", "pyrometer.dev/v1alpha1");
        session.put("kind", "ProfileSession");
        session.put("metadata", Map.of("name", "checkout-slow", "namespace", namespace));
        session.put("spec", spec);
        return session;
    }

    /** A ProfileSchedule whose template is {@link #session}'s spec. */
    private static Map<String, Object> schedule(String namespace, String agentImage) {
        Map<String, Object> schedule = new java.util.HashMap<>();
        schedule.put("apiVersion", "pyrometer.dev/v1alpha1");
        schedule.put("kind", "ProfileSchedule");
        schedule.put("metadata", Map.of("name", "checkout-nightly", "namespace", namespace));
        schedule.put("spec", Map.of("schedule", "@daily", "template", session(namespace, agentImage).get("spec")));
        return schedule;
    }

    private static Map<String, Object> create(Map<String, Object> session, AdmissionCel.Requester requester) {
        Map<String, Object> metadata = cast(session.get("metadata"));
        return Map.of(
                "object", session,
                "request", Map.of("operation", "CREATE", "namespace", metadata.get("namespace"),
                        "userInfo", Map.of("username", "alice")),
                "authorizer", requester);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
