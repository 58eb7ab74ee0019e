package dev.pyrometer.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.operator.api.ConcurrencyPolicy;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileScheduleCrd;
import dev.pyrometer.operator.api.ProfileScheduleSpec;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.SessionTemplate;
import dev.pyrometer.operator.api.TargetSpec;
import dev.pyrometer.operator.testing.GarbageCollector;
import dev.pyrometer.operator.testing.MutableClock;
import dev.pyrometer.operator.testing.OperatorUnderTest;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.RbacRequirements;
import dev.pyrometer.operator.testing.ScheduleOperatorUnderTest;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.SyntheticReports;
import dev.pyrometer.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProfileSchedules against the mock API server, with the session operator, a real S3 server and a
 * scripted agent (as ProfileSessionReconcilerIT), the schedule controller on a clock the test
 * moves, and a simulated garbage collector.
 */
class ProfileScheduleIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path work;
  private static final ScriptedAgent agent = new ScriptedAgent();
  private static TestCluster cluster;
  private static KubernetesClient client;
  private MutableClock clock;
  private ScheduleOperatorUnderTest schedules;
  private static GarbageCollector<ProfileSchedule, ProfileSession> gc;
  private String ns;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start(work, agent, config -> config.withPodEndpoint(config.storage().endpoint().replace("127.0.0.1", "localhost")));
    client = cluster.client();
    // the chart installs both CRDs; the test cluster installs the session's
    client.resource(ProfileScheduleCrd.committed()).create();
    gc = GarbageCollector.start(client, ProfileSchedule.class, ProfileSession.class);
  }

  @AfterAll
  static void stopCluster() {
    gc.close();
    cluster.close();
  }

  /**
   * Each test gets a schedule controller whose clock starts at the real time (the API server
   * stamps creationTimestamp with it, and runs before a schedule's creation are not missed runs).
   */
  @BeforeEach
  void namespace() {
    clock = new MutableClock(Instant.now());
    schedules = ScheduleOperatorUnderTest.start(cluster.api(), cluster.config(), clock);
    ns = cluster.newNamespace();
    agent.script(launch -> ScriptedAgent.Outcome.succeeds());
    agent.artifactBodies((launch, artifact) -> ("scripted " + artifact.fileName() + "\n").getBytes(StandardCharsets.UTF_8));
    Pods.create(client, Pods.running(ns, "web", Map.of("app", "web"), "app"));
  }

  @org.junit.jupiter.api.AfterEach
  void stopSchedules() {
    schedules.close();
    client.resources(ProfileSchedule.class).inNamespace(ns).delete();
  }

  /** Every five minutes, profiling the pod "web" off-CPU for 2 s. */
  private ProfileSchedule schedule(String name, java.util.function.Consumer<ProfileScheduleSpec> change) {
    TargetSpec target = new TargetSpec();
    target.setPodName("web");
    SessionTemplate template = new SessionTemplate();
    template.setTarget(target);
    template.setMode(Mode.OFFCPU);
    template.setDuration("2s");
    template.setStartTimeout("20s");
    ProfileScheduleSpec spec = new ProfileScheduleSpec();
    spec.setSchedule("*/5 * * * *");
    spec.setTemplate(template);
    change.accept(spec);
    ProfileSchedule schedule = new ProfileSchedule();
    schedule.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    schedule.setSpec(spec);
    return client.resource(schedule).create();
  }

  /** The next five-minute boundary after the schedule's creation (and the clock's time). */
  private Instant firstRunAfter(ProfileSchedule schedule) {
    Instant created = Instant.parse(schedule.getMetadata().getCreationTimestamp());
    Instant from = created.isAfter(clock.instant()) ? created : clock.instant();
    Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
    long m = minute.getEpochSecond() / 60;
    return Instant.ofEpochSecond((m / 5 + 1) * 5 * 60);
  }

  private ProfileSchedule get(String name) {
    return client.resources(ProfileSchedule.class).inNamespace(ns).withName(name).get();
  }

  /**
   * Changes the spec the way {@code kubectl apply} and GitOps tools do: a merge patch without a
   * resourceVersion. A read-modify-write edit would race the controller's own status writes (409).
   */
  private void applySpec(String name, String specMergePatch) {
    client.resources(ProfileSchedule.class).inNamespace(ns).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + specMergePatch + "}");
  }

  private List<ProfileSession> sessions() {
    return client.resources(ProfileSession.class).inNamespace(ns).list().getItems().stream()
        .sorted(java.util.Comparator.comparing(s -> s.getMetadata().getName())).toList();
  }

  private List<String> sessionNames() {
    return sessions().stream().map(s -> s.getMetadata().getName()).toList();
  }

  private static String run(String schedule, Instant at) {
    return schedule + "-" + at.getEpochSecond() / 60;
  }

  /** Moves the clock and waits until the controller has looked at the schedule at that time. */
  private ProfileSchedule moveClockTo(String name, Instant to) {
    clock.set(to);
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
      ProfileSchedule s = get(name);
      return s.getStatus() != null && s.getStatus().getNextScheduleTime() != null
          && Instant.parse(s.getStatus().getNextScheduleTime()).isAfter(to);
    });
    return get(name);
  }

  private ProfileSession awaitSession(String name, Phase phase) {
    ProfileSession s = new ProfileSession();
    s.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    return SessionAssert.awaitPhase(client, s, phase, TIMEOUT);
  }

  private List<Event> events(String involved) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void runsAtTheCronTimesAndPrunesToTheHistoryLimit() {
    ProfileSchedule created = schedule("nightly", s -> s.setSuccessfulSessionsHistoryLimit(2));
    Instant t1 = firstRunAfter(created);

    // just before the first cron time: the schedule is looked at, nothing runs
    ProfileSchedule before = moveClockTo("nightly", t1.minusSeconds(10));
    assertThat(before.getStatus().getNextScheduleTime()).isEqualTo(t1.toString());
    assertThat(sessions()).isEmpty();

    ProfileSchedule atT1 = moveClockTo("nightly", t1.plusSeconds(3));
    assertThat(sessionNames()).containsExactly(run("nightly", t1));
    assertThat(atT1.getStatus().getLastScheduleTime()).isEqualTo(t1.toString());
    assertThat(atT1.getStatus().getNextScheduleTime()).isEqualTo(t1.plusSeconds(300).toString());
    ProfileSession first = awaitSession(run("nightly", t1), Phase.SUCCEEDED);
    assertThat(first.getSpec().getDuration()).isEqualTo("2s");
    assertThat(first.getMetadata().getLabels()).containsEntry(ProfileSchedule.SCHEDULE_LABEL, "nightly");

    // a minute later nothing new: runs only at cron times
    moveClockTo("nightly", t1.plusSeconds(60));
    assertThat(sessionNames()).containsExactly(run("nightly", t1));

    Instant t2 = t1.plusSeconds(300);
    Instant t3 = t2.plusSeconds(300);
    moveClockTo("nightly", t2.plusSeconds(1));
    awaitSession(run("nightly", t2), Phase.SUCCEEDED);
    moveClockTo("nightly", t3.plusSeconds(1));
    awaitSession(run("nightly", t3), Phase.SUCCEEDED);

    // three succeeded, two kept: the oldest goes
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sessionNames()).containsExactly(run("nightly", t2), run("nightly", t3)));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      ProfileSchedule s = get("nightly");
      assertThat(s.getStatus().getLastSuccessfulSession()).isEqualTo(run("nightly", t3));
      assertThat(s.getStatus().getLastSuccessfulTime()).isNotNull();
      assertThat(s.getStatus().getActiveSession()).isNull();
      assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
      assertThat(s.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "True", "Scheduled"),
              org.assertj.core.groups.Tuple.tuple("Stalled", "False", "Scheduled"));
    });
  }

  @Test
  void failedSessionsAreKeptToTheirOwnLimit() {
    agent.script(launch -> ScriptedAgent.Outcome.fails(dev.pyrometer.contract.ExitReason.PROCESS_NOT_FOUND));
    ProfileSchedule created = schedule("failing", s -> s.setFailedSessionsHistoryLimit(1));
    Instant t1 = firstRunAfter(created);
    Instant t2 = t1.plusSeconds(300);

    moveClockTo("failing", t1.plusSeconds(1));
    awaitSession(run("failing", t1), Phase.FAILED);
    moveClockTo("failing", t2.plusSeconds(1));
    awaitSession(run("failing", t2), Phase.FAILED);

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sessionNames()).containsExactly(run("failing", t2)));
  }

  @Test
  void forbidSkipsARunWhileTheSessionIsStillActive() {
    agent.script(launch -> ScriptedAgent.Outcome.hangs());
    ProfileSchedule created = schedule("forbid", s -> s.setConcurrencyPolicy(ConcurrencyPolicy.FORBID));
    Instant t1 = firstRunAfter(created);
    Instant t2 = t1.plusSeconds(300);

    moveClockTo("forbid", t1.plusSeconds(1));
    awaitSession(run("forbid", t1), Phase.PROFILING);
    ProfileSchedule atT2 = moveClockTo("forbid", t2.plusSeconds(1));

    assertThat(sessionNames()).containsExactly(run("forbid", t1));
    assertThat(atT2.getStatus().getActiveSession()).isEqualTo(run("forbid", t1));
    assertThat(atT2.getStatus().getLastScheduleTime()).isEqualTo(t1.toString());
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("forbid")).extracting(Event::getReason).contains("SessionAlreadyActive"));
  }

  @Test
  void replaceDeletesTheActiveSessionAndStartsTheNewOne() {
    agent.script(launch -> ScriptedAgent.Outcome.hangs());
    ProfileSchedule created = schedule("replace", s -> s.setConcurrencyPolicy(ConcurrencyPolicy.REPLACE));
    Instant t1 = firstRunAfter(created);
    Instant t2 = t1.plusSeconds(300);

    moveClockTo("replace", t1.plusSeconds(1));
    awaitSession(run("replace", t1), Phase.PROFILING);
    moveClockTo("replace", t2.plusSeconds(1));

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sessionNames()).containsExactly(run("replace", t2)));
    assertThat(get("replace").getStatus().getActiveSession()).isEqualTo(run("replace", t2));
    assertThat(events("replace")).extracting(Event::getReason).contains("SessionReplaced");
  }

  @Test
  void aSuspendedScheduleDoesNotRunAndResumingSkipsWhatIsPastTheDeadline() {
    ProfileSchedule created = schedule("paused", s -> {
      s.setSuspend(true);
      s.setStartingDeadlineSeconds(60L);
    });
    Instant t1 = firstRunAfter(created);

    clock.set(t1.plusSeconds(120));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      ProfileSchedule s = get("paused");
      assertThat(s.getStatus()).isNotNull();
      assertThat(s.getStatus().getConditions()).extracting(Condition::getType, Condition::getReason)
          .contains(org.assertj.core.groups.Tuple.tuple("Ready", "Suspended"));
      assertThat(s.getStatus().getNextScheduleTime()).isNull();
    });
    assertThat(sessions()).isEmpty();

    // resumed 2 minutes after t1: t1 is past its 60 s deadline and is skipped
    applySpec("paused", "{\"suspend\":false}");
    moveClockTo("paused", t1.plusSeconds(121));
    assertThat(sessions()).isEmpty();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("paused")).extracting(Event::getReason).contains("MissedSchedule"));

    Instant t2 = t1.plusSeconds(300);
    moveClockTo("paused", t2.plusSeconds(5));
    assertThat(sessionNames()).containsExactly(run("paused", t2));
  }

  @Test
  void aClockJumpPastSeveralRunsStartsOnlyTheLatestOrNoneWhenPastTheDeadline() {
    ProfileSchedule latestOnly = schedule("catchup", s -> {});
    // the same pod: both schedules start a profiler in "web" at the same moment
    ProfileSchedule withDeadline = schedule("deadline", s -> s.setStartingDeadlineSeconds(30L));
    Instant t1 = firstRunAfter(latestOnly);
    assertThat(firstRunAfter(withDeadline)).isEqualTo(t1);
    moveClockTo("catchup", t1.plusSeconds(1));
    moveClockTo("deadline", t1.plusSeconds(1));
    awaitSession(run("catchup", t1), Phase.SUCCEEDED);
    awaitSession(run("deadline", t1), Phase.SUCCEEDED);

    // the operator "was down" through t2 and t3; back at t3 + 2 minutes
    Instant t3 = t1.plusSeconds(600);
    clock.set(t3.plusSeconds(120));
    moveClockTo("catchup", t3.plusSeconds(120));
    moveClockTo("deadline", t3.plusSeconds(120));

    assertThat(sessionNames()).containsExactlyInAnyOrder(
        run("catchup", t1), run("catchup", t3), run("deadline", t1));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("deadline")).extracting(Event::getReason).contains("MissedSchedule"));
  }

  @Test
  void sessionsAreOwnedByTheScheduleAndDeletedWithIt() {
    ProfileSchedule created = schedule("owned", s -> {});
    Instant t1 = firstRunAfter(created);
    moveClockTo("owned", t1.plusSeconds(1));
    ProfileSession session = awaitSession(run("owned", t1), Phase.SUCCEEDED);

    OwnerReference owner = session.getMetadata().getOwnerReferences().get(0);
    assertThat(session.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(owner.getApiVersion()).isEqualTo("pyrometer.dev/v1alpha1");
    assertThat(owner.getKind()).isEqualTo("ProfileSchedule");
    assertThat(owner.getName()).isEqualTo("owned");
    assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();

    client.resource(created).delete();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sessions()).isEmpty());
  }

  @Test
  void anEditAppliesFromTheNextRunOn() {
    ProfileSchedule created = schedule("edited", s -> {});
    Instant t1 = firstRunAfter(created);
    moveClockTo("edited", t1.plusSeconds(1));
    awaitSession(run("edited", t1), Phase.SUCCEEDED);

    applySpec("edited", "{\"template\":{\"duration\":\"3s\",\"mode\":\"wall\"}}");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      ProfileSchedule s = get("edited");
      assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration()).isGreaterThan(1L);
    });
    assertThat(sessions()).singleElement().satisfies(s -> assertThat(s.getSpec().getDuration()).isEqualTo("2s"));

    Instant t2 = t1.plusSeconds(300);
    moveClockTo("edited", t2.plusSeconds(1));
    ProfileSession second = awaitSession(run("edited", t2), Phase.SUCCEEDED);
    assertThat(second.getSpec().getDuration()).isEqualTo("3s");
    assertThat(second.getSpec().getMode()).isEqualTo(Mode.WALL);
    assertThat(client.resources(ProfileSession.class).inNamespace(ns).withName(run("edited", t1)).get().getSpec().getDuration())
        .isEqualTo("2s");
  }

  @Test
  void eachSuccessfulSessionIsComparedWithThePreviousOne() {
    // the first run's handle_by_script waits 70 % of the time, the second's 30 %
    AtomicInteger launches = new AtomicInteger();
    List<List<String>> args = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Boolean> gotBase = new java.util.concurrent.CopyOnWriteArrayList<>();
    agent.script(launch -> {
      launches.incrementAndGet();
      args.add(launch.args());
      gotBase.add(launch.env().containsKey("PYROMETER_BASE_PROFILE_1"));
      return ScriptedAgent.Outcome.succeeds();
    });
    agent.artifactBodies((launch, artifact) -> artifact == Artifact.REPORT_JSON
        ? SyntheticReports.split(launches.get() == 1 ? 0.70 : 0.30, 5970).getBytes(StandardCharsets.UTF_8)
        : ("scripted " + artifact.fileName() + "\n").getBytes(StandardCharsets.UTF_8));
    ProfileSchedule created = schedule("insights", s -> {});
    Instant t1 = firstRunAfter(created);
    Instant t2 = t1.plusSeconds(300);

    moveClockTo("insights", t1.plusSeconds(1));
    awaitSession(run("insights", t1), Phase.SUCCEEDED);
    moveClockTo("insights", t2.plusSeconds(1));
    awaitSession(run("insights", t2), Phase.SUCCEEDED);

    String expected = "handle_by_query waits 40 points more in socket.recv than the previous session (" + run("insights", t1) + ")";
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(client.resources(ProfileSession.class).inNamespace(ns).withName(run("insights", t2)).get().getStatus().getInsight())
          .isEqualTo(expected);
      assertThat(get("insights").getStatus().getLatestInsight()).isEqualTo(expected);
    });
    assertThat(client.resources(ProfileSession.class).inNamespace(ns).withName(run("insights", t1)).get().getStatus().getInsight())
        .isEqualTo("no earlier successful session of this schedule to compare with");
    // each run is compared with the one before: spec.compareTo, and the profiler gets its profile
    assertThat(client.resources(ProfileSession.class).inNamespace(ns).withName(run("insights", t1)).get().getSpec().getCompareTo())
        .isNull();
    assertThat(client.resources(ProfileSession.class).inNamespace(ns).withName(run("insights", t2)).get().getSpec().getCompareTo())
        .isEqualTo(run("insights", t1));
    assertThat(gotBase).containsExactly(false, true);
    assertThat(args.get(0)).doesNotContain("--compare-from-env");
    assertThat(args.get(1)).containsSequence("--compare-from-env", "--compare-name", "session " + run("insights", t1));
  }

  @Test
  void anUnknownTimeZoneStopsTheScheduleWithInvalidSchedule() {
    schedule("tz", s -> s.setTimeZone("Mars/Olympus"));

    await().atMost(TIMEOUT).untilAsserted(() -> {
      ProfileSchedule s = get("tz");
      assertThat(s.getStatus()).isNotNull();
      assertThat(s.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "False", "InvalidSchedule"),
              org.assertj.core.groups.Tuple.tuple("Stalled", "True", "InvalidSchedule"));
      assertThat(s.getStatus().getConditions().get(0).getMessage()).contains("Mars/Olympus");
      assertThat(s.getStatus().getNextScheduleTime()).isNull();
    });
    assertThat(events("tz")).extracting(Event::getReason).contains("InvalidSchedule");
  }

  @Test
  void staysWithinItsRbac() {
    ProfileSchedule created = schedule("rbac", s -> s.setSuccessfulSessionsHistoryLimit(0));
    Instant t1 = firstRunAfter(created);
    moveClockTo("rbac", t1.plusSeconds(1));
    // with a limit of 0 the session is deleted once it succeeded
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sessions()).isEmpty());

    List<String> calls = cluster.api().requests().stream()
        .filter(r -> r.userAgent().equals(OperatorUnderTest.USER_AGENT))
        .map(RbacRequirements::needed)
        .distinct()
        .toList();
    assertThat(calls).contains("pyrometer.dev/profilesessions/create", "pyrometer.dev/profilesessions/delete",
        "pyrometer.dev/profileschedules/status/patch");
    assertThat(RbacRequirements.granted()).containsAll(calls);
  }
}
