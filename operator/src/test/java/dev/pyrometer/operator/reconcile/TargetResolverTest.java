package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetResolverTest {
  private static final String OURS = "pyrometer-1a2b3c4d";
  private final TargetResolver resolver = new TargetResolver();
  private final SpecValidator validator = new SpecValidator(TestingOperatorConfig.forStorage("http://s3"));
  private final List<Pod> pods = new ArrayList<>();

  private final PodLookup lookup = new PodLookup() {
    @Override
    public Optional<Pod> get(String namespace, String name) {
      return pods.stream().filter(p -> p.getMetadata().getNamespace().equals(namespace) && p.getMetadata().getName().equals(name)).findFirst();
    }

    @Override
    public List<Pod> list(String namespace) {
      return pods.stream().filter(p -> p.getMetadata().getNamespace().equals(namespace)).toList();
    }
  };

  private Pod pod(String name, String created, Map<String, String> labels, String... containers) {
    Pod pod = Pods.running("shop", name, labels, containers);
    pod.getMetadata().setCreationTimestamp(created);
    pod.getMetadata().setUid("uid-" + name);
    pods.add(pod);
    return pod;
  }

  private List<String> resolveSelector(Map<String, String> labels, int maxPods) {
    SessionPlan plan = validator.validate(Sessions.bySelector("shop", "s", labels, maxPods).getSpec());
    return resolver.resolve(plan, "shop", OURS, lookup).stream().map(ResolvedTarget::podName).toList();
  }

  private static void assertFails(Runnable r, Reason reason, String message) {
    assertThatThrownBy(r::run).isInstanceOf(SessionFailure.class).hasMessage(message)
        .satisfies(e -> assertThat(((SessionFailure) e).reason()).isEqualTo(reason));
  }

  @Test
  void picksTheOldestRunningPodsFirst() {
    pod("web-c", "2026-01-03T00:00:00Z", Map.of("app", "web"), "app");
    pod("web-a", "2026-01-01T00:00:00Z", Map.of("app", "web"), "app");
    pod("web-b", "2026-01-02T00:00:00Z", Map.of("app", "web"), "app");
    pod("api", "2025-01-01T00:00:00Z", Map.of("app", "api"), "app");

    assertThat(resolveSelector(Map.of("app", "web"), 2)).containsExactly("web-a", "web-b");
  }

  @Test
  void skipsPodsThatCannotBeProfiled() {
    pod("web-a", "2026-01-01T00:00:00Z", Map.of("app", "web"), "app").getStatus().setPhase("Pending");
    Pod terminating = pod("web-b", "2026-01-02T00:00:00Z", Map.of("app", "web"), "app");
    terminating.getMetadata().setDeletionTimestamp("2026-01-05T00:00:00Z");
    pod("web-c", "2026-01-03T00:00:00Z", Map.of("app", "web"), "app").getMetadata().setAnnotations(Map.of(TargetResolver.MIRROR_ANNOTATION, "x"));
    pod("web-d", "2026-01-04T00:00:00Z", Map.of("app", "web"), "app");

    assertThat(resolveSelector(Map.of("app", "web"), 3)).containsExactly("web-d");
  }

  @Test
  void keepsThePodsThatAlreadyCarryThisSessionsContainer() {
    pod("web-a", "2026-01-01T00:00:00Z", Map.of("app", "web"), "app");
    Pod carrying = pod("web-z", "2026-01-09T00:00:00Z", Map.of("app", "web"), "app");
    carrying.getSpec().setEphemeralContainers(List.of(new EphemeralContainerBuilder().withName(OURS).build()));
    carrying.getStatus().setPhase("Succeeded"); // even if it stopped since

    assertThat(resolveSelector(Map.of("app", "web"), 1)).containsExactly("web-z");
  }

  @Test
  void saysWhyNoMatchingPodCanBeProfiled() {
    pod("web-a", "2026-01-01T00:00:00Z", Map.of("app", "web"), "app").getStatus().setPhase("Pending");

    assertFails(() -> resolveSelector(Map.of("app", "web"), 1), Reason.TargetNotRunning,
        "1 pod(s) match app=web but none can be profiled: pod web-a is Pending");
    assertFails(() -> resolveSelector(Map.of("app", "nothing"), 1), Reason.TargetNotFound,
        "no pod in namespace shop matches app=nothing");
  }

  @Test
  void matchesSetBasedSelectors() {
    pod("web-a", "2026-01-01T00:00:00Z", Map.of("app", "web", "tier", "front"), "app");
    pod("web-b", "2026-01-02T00:00:00Z", Map.of("app", "web", "tier", "back"), "app");
    var selector = new LabelSelectorBuilder().addNewMatchExpression().withKey("tier").withOperator("NotIn").withValues("front").endMatchExpression()
        .addNewMatchExpression().withKey("app").withOperator("Exists").endMatchExpression().build();

    var spec = Sessions.bySelector("shop", "s", Map.of(), 5).getSpec();
    spec.getTarget().setPodSelector(selector);
    assertThat(resolver.resolve(validator.validate(spec), "shop", OURS, lookup)).extracting(ResolvedTarget::podName).containsExactly("web-b");
    assertThat(LabelSelectors.describe(selector)).isEqualTo("tier NotIn [front],app Exists []");
  }

  @Test
  void needsTheContainerNamedWhenThePodHasSeveral() {
    pod("web", "2026-01-01T00:00:00Z", Map.of(), "app", "envoy");
    SessionPlan unnamed = validator.validate(Sessions.byPodName("shop", "s", "web").getSpec());
    SessionPlan named = validator.validate(Sessions.with(Sessions.byPodName("shop", "s", "web"), s -> s.getTarget().setContainer("envoy")).getSpec());

    assertFails(() -> resolver.resolve(unnamed, "shop", OURS, lookup), Reason.ContainerRequired,
        "pod web has 2 containers (app, envoy): set spec.target.container");
    assertThat(resolver.resolve(named, "shop", OURS, lookup).get(0).container()).isEqualTo("envoy");
  }

  @Test
  void neverLooksOutsideTheSessionsNamespace() {
    Pod elsewhere = Pods.running("other", "web", Map.of(), "app");
    pods.add(elsewhere);
    SessionPlan plan = validator.validate(Sessions.byPodName("shop", "s", "web").getSpec());

    assertFails(() -> resolver.resolve(plan, "shop", OURS, lookup), Reason.TargetNotFound, "pod web not found in namespace shop");
  }
}
