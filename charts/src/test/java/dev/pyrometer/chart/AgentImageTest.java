package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * profiler-image/Dockerfile (no Docker engine here): what it copies is what the build makes, it
 * starts the launcher as root, and the JVM it configures really runs the agent in a small heap.
 */
class AgentImageTest {

    private static final Path CONTEXT = RepositoryPaths.root().resolve("profiler-image");
    private static final Dockerfile DOCKERFILE = Dockerfile.read(CONTEXT.resolve("Dockerfile"));
    private static final Pattern COPY = Pattern.compile("(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)");
    private static final boolean CI = "true".equals(System.getenv("CI"));

    @Test
    void buildsOnAGlibcJava17Runtime() {
        assertThat(DOCKERFILE.all("FROM")).singleElement().asString().startsWith("eclipse-temurin:17-jre");
    }

    @Test
    void startsTheLauncherItCopiesAsTheExecFormEntrypoint() {
        assertThat(DOCKERFILE.last("ENTRYPOINT")).isEqualTo("[\"/opt/pyrometer/bin/pyrometer\"]");
        assertThat(copies()).contains(List.of("bin/pyrometer", "/opt/pyrometer/bin/pyrometer"));
    }

    @Test
    void copiesTheShadedJarTheAgentBuildWrites() throws IOException {
        String pom = Files.readString(CONTEXT.resolve("pom.xml"));

        assertThat(pom).contains("<outputFile>${project.build.directory}/pyrometer.jar</outputFile>");
        assertThat(copies()).contains(List.of("target/pyrometer.jar", "/opt/pyrometer/target/pyrometer.jar"));
    }

    @Test
    void sendsOnlyTheCopiedFilesToTheBuildContext() throws IOException {
        List<String> admitted = Files.readAllLines(CONTEXT.resolve("Dockerfile.dockerignore")).stream()
                .filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1))
                .toList();

        assertThat(admitted).containsExactlyInAnyOrderElementsOf(copies().stream().map(c -> c.get(0)).toList());
    }

    @Test
    void runsAsRootToHoldPtraceCapabilities() {
        assertThat(DOCKERFILE.last("USER")).isIn("0", "0:0", "root", "root:root");
    }

    @Test
    void capsTheJvmHeapBecauseEphemeralContainersHaveNoLimitsOfTheirOwn() {
        List<String> options = jvmOptions();
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(String.join(" ", options));

        assertThat(xmx.find()).as("-Xmx in %s", options).isTrue();
        assertThat(Integer.parseInt(xmx.group(1))).isBetween(32, 128);
        assertThat(options).contains("-XX:+UseSerialGC");
    }

    @Test
    void hasALauncherToCopy() {
        Path launcher = CONTEXT.resolve("bin/pyrometer");
        requirePresent(launcher, "the agent launcher (written by the lead)");

        assertThat(Files.isExecutable(launcher)).as("%s is executable", launcher).isTrue();
    }

    @Test
    void agentStartsUnderTheImagesJvmOptions() throws Exception {
        Path jar = CONTEXT.resolve("target/pyrometer.jar");
        requirePresent(jar, "the shaded agent jar (mvn -pl profiler-image -am package)");

        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString(), "--help"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JDK_JAVA_OPTIONS", String.join(" ", jvmOptions()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Picked up JDK_JAVA_OPTIONS").contains("pyrometer");
    }

    @Test
    void jvmAcceptsTheImagesOptions() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-version").redirectErrorStream(true);
        builder.environment().put("JDK_JAVA_OPTIONS", String.join(" ", jvmOptions()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** COPY instructions as [source, destination] pairs. */
    private static List<List<String>> copies() {
        return DOCKERFILE.all("COPY").stream().map(args -> {
            Matcher m = COPY.matcher(args);
            if (!m.matches()) {
                throw new AssertionError("COPY with one source and one destination expected: " + args);
            }
            return List.of(m.group(1), m.group(2));
        }).toList();
    }

    private static List<String> jvmOptions() {
        return DOCKERFILE.all("ENV").stream()
                .map(Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]*)\"")::matcher)
                .filter(Matcher::find)
                .map(m -> List.of(m.group(1).split("\\s+")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ENV JDK_JAVA_OPTIONS in the Dockerfile"));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Missing build output: a failure in CI, a skip with the reason elsewhere. */
    private static void requirePresent(Path file, String what) {
        if (!Files.exists(file)) {
            if (CI) {
                fail("missing " + what + ": " + file);
            }
            assumeTrue(false, "skipped: missing " + what + ": " + file);
        }
    }
}
