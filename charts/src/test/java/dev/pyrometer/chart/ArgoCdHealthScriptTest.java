package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The Argo CD health script maps a ProfileSession's status to Argo CD health like a Job's. */
class ArgoCdHealthScriptTest {

    private static final String METADATA = "metadata: {name: checkout-slow, namespace: shop, generation: 1}\n";

    @Test
    void reportsASessionWithoutStatusAsWaitingForTheOperator() {
        assertThat(assess(METADATA + "spec: {mode: offcpu}"))
                .isEqualTo(new ArgoCdHealthScript.Health("Progressing", "Waiting for the Pyrometer operator"));
    }

    @Test
    void reportsAStatusOfAnOlderGenerationAsProgressing() {
        var health = assess("metadata: {name: s, generation: 2}\nstatus: {observedGeneration: 1, phase: Succeeded}");

        assertThat(health).isEqualTo(new ArgoCdHealthScript.Health("Progressing", "Waiting for the operator to observe generation 2"));
    }

    @Test
    void reportsPendingAndProfilingAsProgressing() {
        assertThat(assess(METADATA + "status: {observedGeneration: 1, phase: Pending}"))
                .isEqualTo(new ArgoCdHealthScript.Health("Progressing", "Pending"));
        assertThat(assess(METADATA + """
                status:
                  observedGeneration: 1
                  phase: Profiling
                  message: sampling 2 pods for 60s
                  conditions:
                  - {type: Reconciling, status: "True", reason: Profiling}
                  - {type: Ready, status: "False", reason: Profiling}
                """))
                .isEqualTo(new ArgoCdHealthScript.Health("Progressing", "sampling 2 pods for 60s"));
    }

    @Test
    void reportsASucceededSessionAsHealthyWithItsMessage() {
        assertThat(assess(METADATA + """
                status:
                  observedGeneration: 1
                  phase: Succeeded
                  message: "most blocking: handle_checkout > subprocess.run (71%)"
                  conditions:
                  - {type: Ready, status: "True", reason: Succeeded}
                """))
                .isEqualTo(new ArgoCdHealthScript.Health("Healthy", "most blocking: handle_checkout > subprocess.run (71%)"));
    }

    @Test
    void reportsTheTopPathOfASucceededSessionWithoutMessage() {
        assertThat(assess(METADATA + "status: {phase: Succeeded, top: 'demo_app.handle > subprocess.run'}"))
                .isEqualTo(new ArgoCdHealthScript.Health("Healthy", "demo_app.handle > subprocess.run"));
    }

    @Test
    void reportsAFailedSessionAsDegradedWithReasonAndMessage() {
        assertThat(assess(METADATA + """
                status:
                  observedGeneration: 1
                  phase: Failed
                  reason: PodSecurityRejected
                  message: namespace shop enforces baseline; label it privileged
                  conditions:
                  - {type: Ready, status: "False", reason: PodSecurityRejected}
                  - {type: Stalled, status: "True", reason: PodSecurityRejected}
                """))
                .isEqualTo(new ArgoCdHealthScript.Health("Degraded",
                        "PodSecurityRejected: namespace shop enforces baseline; label it privileged"));
    }

    @Test
    void trustsTheStalledConditionWhenThePhaseIsMissing() {
        assertThat(assess(METADATA + "status:\n  conditions:\n  - {type: Stalled, status: \"True\"}").status())
                .isEqualTo("Degraded");
    }

    @Test
    void isQuotedVerbatimInTheChartReadmesArgoCdConfigMap() throws IOException {
        String readme = Files.readString(HelmChart.chartDir().resolve("README.md"));
        StringBuilder indented = new StringBuilder();
        for (String line : ArgoCdHealthScript.source().split("\n", -1)) {
            indented.append(line.isEmpty() ? "" : "    " + line).append('\n');
        }

        assertThat(readme).contains("  resource.customizations.health.pyrometer.dev_ProfileSession: |\n"
                + indented.toString().stripTrailing());
    }

    private static ArgoCdHealthScript.Health assess(String yaml) {
        try {
            JsonNode resource = new YAMLMapper().readTree("apiVersion: pyrometer.dev/v1alpha1\nkind: ProfileSession\n" + yaml);
            return ArgoCdHealthScript.assess(resource);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
