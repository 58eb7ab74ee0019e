package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * profiler-image/Dockerfile (no Docker engine here): what it copies is what the build makes, it
 * starts the launcher as root, and laid out as in the image, the launcher runs the agent under
 * the image's JVM options.
 */
class AgentImageTest {

    private static final Path CONTEXT = RepositoryPaths.root().resolve("profiler-image");
    private static final Dockerfile DOCKERFILE = Dockerfile.read(CONTEXT.resolve("Dockerfile"));
    private static final Pattern COPY = Pattern.compile("(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)");
    private static final String ENTRYPOINT = "/opt/pyrometer/bin/pyrometer";

    @Test
    void buildsOnAGlibcJava17Runtime() {
        assertThat(DOCKERFILE.all("FROM")).singleElement().asString().startsWith("eclipse-temurin:17-jre");
    }

    @Test
    void startsTheLauncherItCopiesAsTheExecFormEntrypoint() {
        assertThat(DOCKERFILE.last("ENTRYPOINT")).isEqualTo("[\"" + ENTRYPOINT + "\"]");
        assertThat(copies()).contains(List.of("bin/pyrometer", ENTRYPOINT));
    }

    @Test
    void copiesTheShadedJarTheAgentBuildWrites() throws IOException {
        String pom = Files.readString(CONTEXT.resolve("pom.xml"));

        assertThat(pom).contains("<outputFile>${project.build.directory}/pyrometer.jar</outputFile>");
        assertThat(copies()).contains(List.of("target/pyrometer.jar", "/opt/pyrometer/lib/pyrometer.jar"));
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
    void launcherLaidOutAsInTheImageRunsTheAgentUnderTheImagesJvmOptions(@TempDir Path imageRoot) throws Exception {
        for (List<String> copy : copies()) {
            Path source = CONTEXT.resolve(copy.get(0));
            requirePresent(source);
            Path target = imageRoot.resolve(copy.get(1).substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        ProcessBuilder builder = new ProcessBuilder(imageRoot.resolve(ENTRYPOINT.substring(1)).toString(), "--help")
                .redirectErrorStream(true);
        // the image's options, plus one that makes the JVM print the flags it runs with
        builder.environment().put("PYROMETER_JAVA_OPTS", String.join(" ", jvmOptions()) + " -XX:+PrintCommandLineFlags");
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("-XX:MaxHeapSize=134217728").contains("-XX:+UseSerialGC").contains("Usage: pyrometer");
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

    /** The JVM options the image gives the launcher (ENV PYROMETER_JAVA_OPTS). */
    private static List<String> jvmOptions() {
        return DOCKERFILE.all("ENV").stream()
                .map(Pattern.compile("PYROMETER_JAVA_OPTS=\"([^\"]*)\"")::matcher)
                .filter(Matcher::find)
                .map(m -> List.of(m.group(1).split("\\s+")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ENV PYROMETER_JAVA_OPTS in the Dockerfile"));
    }

    /** The agent's jar is built by the profiler-image module, before this one in the reactor. */
    private static void requirePresent(Path file) {
        if (!Files.exists(file)) {
            String message = "missing " + file + (file.toString().endsWith(".jar")
                    ? " (mvn -pl profiler-image -am package)" : "");
            fail(message);
        }
    }
}
