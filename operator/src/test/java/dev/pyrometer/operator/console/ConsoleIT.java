package dev.pyrometer.operator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.testing.HeadlessChromium;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.schedule.ScheduledSessions;
import dev.pyrometer.operator.demo.LocalCluster;
import dev.pyrometer.operator.testing.ClusterAccess;
import dev.pyrometer.operator.testing.RequiredTools;
import dev.pyrometer.operator.testing.Sessions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console as a viewer meets it: the packaged operator (as its image runs it) serving the
 * console against the mock API server, which answers TokenReview and SubjectAccessReview from its
 * token table and rules, S3Proxy holding the artifacts of a real session (the real agent profiled
 * the demo checkout service), and headless Chromium. One cluster and one browser for every test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
  private static final String DEMO = LocalCluster.NAMESPACE;
  private static final String PAYMENTS = "payments";
  private static final String GROUP = "pyrometer.dev";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static LocalCluster cluster;
  private static ClusterAccess access;
  private static HeadlessChromium browser;
  private static HttpClient http;
  private static String console;
  private static Path screenshots;

  @BeforeAll
  static void start() throws Exception {
    RequiredTools.check();
    HeadlessChromium.assumeInstalled();
    cluster = LocalCluster.start(RequiredTools.repositoryRootForDemo(), work, new LocalCluster.Ports(0, 0, 0), System.out);
    console = cluster.consoleUrl();
    access = cluster.api().access();
    // alice may read sessions and schedules in both namespaces, and the events of the demo's
    access.token("token-alice", "alice", "team-shop")
        .allow("team-shop", DEMO, GROUP, "profilesessions", "get", "list", "watch")
        .allow("team-shop", PAYMENTS, GROUP, "profilesessions", "get", "list", "watch")
        .allow("team-shop", DEMO, GROUP, "profileschedules", "get", "list")
        .allow("alice", DEMO, "", "events", "list");
    // bob only the demo's sessions, not its events; carol nothing at all
    access.token("token-bob", "bob").allow("bob", DEMO, GROUP, "profilesessions", "get", "list");
    access.token("token-carol", "carol");
    access.expiredToken("token-dave-expired", "dave", Instant.now().minusSeconds(60));

    KubernetesClient client = cluster.client();
    cluster.api().createNamespace(PAYMENTS, Map.of());
    // a suspended schedule whose run the demo session is (its label and owner, as the schedule
    // controller sets them), for the schedule page
    ProfileSchedule nightly = client.resource(ScheduleExample.suspended(DEMO, "checkout-nightly")).create();
    ProfileSession demo = Sessions.byPodName(DEMO, "checkout-slow", LocalCluster.PODS.get(0));
    demo.getMetadata().setLabels(Map.of(ProfileSchedule.SCHEDULE_LABEL, "checkout-nightly"));
    demo.getMetadata().setOwnerReferences(List.of(ScheduledSessions.ownerReference(nightly)));
    demo.getSpec().getTarget().setContainer("app");
    demo.getSpec().setMode(dev.pyrometer.operator.api.Mode.OFFCPU);
    demo.getSpec().setDuration("3s");
    client.resource(demo).create();
    // a session whose pod does not exist: the operator fails it, a second namespace's row
    client.resource(Sessions.byPodName(PAYMENTS, "ledger-check", "ledger-0")).create();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
        phase(DEMO, "checkout-slow") == Phase.SUCCEEDED && phase(PAYMENTS, "ledger-check") == Phase.FAILED);

    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    screenshots = Files.createDirectories(Path.of("target", "console-screenshots"));
    browser = HeadlessChromium.start(1280, 900, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Phase phase(String namespace, String name) {
    ProfileSession s = cluster.client().resources(ProfileSession.class).inNamespace(namespace).withName(name).get();
    return s == null || s.getStatus() == null ? null : s.getStatus().getPhase();
  }

  private static ProfileSession session(String namespace, String name) {
    return cluster.client().resources(ProfileSession.class).inNamespace(namespace).withName(name).get();
  }

  /** Opens the console in a fresh tab state with {@code token} already given, at {@code fragment}. */
  private static void openAs(String token, String fragment) {
    // the session storage is the origin's: set it from a page of the origin that runs no script,
    // so that the previous viewer's token starts no request whose 403 could land in this page's log
    browser.load(URI.create(console + "console.css"));
    browser.evaluate("sessionStorage.clear(); " + (token == null ? "" : "sessionStorage.setItem('pyrometer.console.token', '" + token + "');"));
    browser.load(URI.create(console + "?v=" + System.nanoTime() + fragment));
  }

  private static void screenshot(String name) throws Exception {
    Files.write(screenshots.resolve(name + ".png"), browser.screenshot());
  }

  private static List<String> rows(String table) {
    List<String> out = new ArrayList<>();
    browser.evaluate("[...document.querySelectorAll('#" + table + " tr[data-session]')].map(r => r.dataset.session)")
        .forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  @Order(1)
  void aViewerAllowedBothNamespacesSeesTheSessionsOfBoth() throws Exception {
    openAs("token-alice", "#/");
    browser.waitFor("document.body.dataset.loaded === 'list'");
    screenshot("list-alice");

    assertThat(rows("sessions")).containsExactlyInAnyOrder(DEMO + "/checkout-slow", PAYMENTS + "/ledger-check");
    String demoRow = browser.evaluate("document.querySelector('tr[data-session=\"" + DEMO + "/checkout-slow\"]').innerText").asText();
    assertThat(demoRow).contains("Succeeded").contains("offcpu").contains(session(DEMO, "checkout-slow").getStatus().getTop());
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  @Order(2)
  void aViewerAllowedOneNamespaceSeesOnlyItsSessions() throws Exception {
    openAs("token-bob", "#/");
    browser.waitFor("document.body.dataset.loaded === 'list'");

    assertThat(rows("sessions")).containsExactly(DEMO + "/checkout-slow");
  }

  @Test
  @Order(3)
  void aViewerAllowedNeitherGetsTheNotAllowedPage() throws Exception {
    openAs("token-carol", "#/");
    browser.waitFor("document.querySelector('#refusal')");
    screenshot("list-carol-403");

    assertThat(browser.evaluate("document.querySelector('#refusal').dataset.status").asText()).isEqualTo("403");
    assertThat(browser.evaluate("document.querySelector('#sessions')").isNull()).isTrue();
    assertThat(get("/console/api/v1/profilesessions", "token-carol").statusCode()).isEqualTo(403);
  }

  @Test
  @Order(4)
  void theSessionPageRendersTheDiagnosisEventsAndArtifactLinks() throws Exception {
    ProfileSession s = session(DEMO, "checkout-slow");
    ArtifactStatus reportJson = artifact(s, "report.json");
    JsonNode report = JSON.readTree(cluster.s3().readBytes(LocalCluster.BUCKET, key(reportJson)));
    String headline = report.path("findings").get(report.path("headline").asInt()).path("title").asText();

    openAs("token-alice", "#/sessions/" + DEMO + "/checkout-slow");
    browser.waitFor("document.body.dataset.loaded === 'session'");
    screenshot("session-alice");

    assertThat(browser.evaluate("document.querySelector('.diagnosis .headline').textContent").asText()).isEqualTo(headline);
    assertThat(browser.evaluate("[...document.querySelectorAll('.diagnosis .sentences li')].map(li => li.textContent)").toString())
        .contains(report.path("diagnosis").get(0).asText().replace("\"", "\\\""));
    assertThat(browser.evaluate("document.querySelector('#top').textContent").asText()).isEqualTo(s.getStatus().getTop());
    assertThat(browser.evaluate("document.querySelector('#events').innerText").asText()).contains("Succeeded");
    assertThat(browser.evaluate("document.querySelector('#conditions').innerText").asText()).contains("Ready");
    assertThat(browser.evaluate("document.querySelector('#targets').innerText").asText()).contains(LocalCluster.PODS.get(0)).contains("pid");
    assertThat(browser.evaluate("[...document.querySelectorAll('a[data-artifact]')].map(a => a.dataset.artifact)").toString())
        .contains(LocalCluster.PODS.get(0) + "/report.html", LocalCluster.PODS.get(0) + "/flamegraph.html",
            LocalCluster.PODS.get(0) + "/speedscope.json", LocalCluster.PODS.get(0) + "/profile.pb.gz");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  @Order(5)
  void theReportAndTheFlameGraphOpenFromTheSessionPage() throws Exception {
    openAs("token-alice", "#/sessions/" + DEMO + "/checkout-slow");
    browser.waitFor("document.body.dataset.loaded === 'session'");
    String pod = LocalCluster.PODS.get(0);
    String report = browser.evaluate("document.querySelector('a[data-artifact=\"" + pod + "/report.html\"]').href").asText();
    String flame = browser.evaluate("document.querySelector('a[data-artifact=\"" + pod + "/flamegraph.html\"]').href").asText();

    // as a new tab opens them: no token, only the link's ticket
    browser.load(URI.create(report));
    browser.waitFor("document.querySelector('#headline')");
    screenshot("report");
    assertThat(browser.evaluate("document.querySelector('#headline').textContent").asText()).isNotBlank();

    browser.load(URI.create(flame));
    browser.waitFor("window.flamegraph && window.flamegraph.drawn().length > 0");
    screenshot("flamegraph");
  }

  @Test
  @Order(6)
  void speedscopeJsonIsServedAsJsonToSpeedscopesOrigin() throws Exception {
    openAs("token-alice", "#/sessions/" + DEMO + "/checkout-slow");
    browser.waitFor("document.body.dataset.loaded === 'session'");
    String open = browser.evaluate("document.querySelector('#open-speedscope').href").asText();
    assertThat(open).startsWith("https://www.speedscope.app/#profileURL=");
    String profileUrl = URLDecoder.decode(open.substring(open.indexOf('=') + 1, open.indexOf('&')), StandardCharsets.UTF_8);

    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(profileUrl))
        .header("Origin", "https://www.speedscope.app").build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.speedscope.app");
    assertThat(JSON.readTree(response.body()).path("$schema").asText()).contains("speedscope");
    HttpResponse<Void> preflight = http.send(HttpRequest.newBuilder(URI.create(profileUrl)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://www.speedscope.app").header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.discarding());
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.speedscope.app");
  }

  @Test
  @Order(7)
  void everyArtifactIsStreamedByteForByteAsStored() throws Exception {
    ProfileSession s = session(DEMO, "checkout-slow");
    JsonNode listed = JSON.readTree(get("/console/api/v1/namespaces/" + DEMO + "/profilesessions/checkout-slow/artifacts", "token-alice").body());
    assertThat(listed.path("items")).hasSize(s.getStatus().getArtifacts().size());

    for (JsonNode item : listed.path("items")) {
      ArtifactStatus a = artifact(s, item.path("name").asText());
      byte[] stored = cluster.s3().readBytes(LocalCluster.BUCKET, key(a));
      HttpResponse<byte[]> response = get("/console/api/v1/namespaces/" + DEMO + "/profilesessions/checkout-slow/artifacts/" + item.path("path").asText(), "token-alice");

      assertThat(response.statusCode()).as(a.name()).isEqualTo(200);
      assertThat(response.body()).as(a.name()).isEqualTo(stored);
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body()))).isEqualTo(a.sha256());
      assertThat(response.headers().firstValue("ETag")).hasValue("\"" + a.sha256() + "\"");
      assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(stored.length);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo(item.path("contentType").asText());
      if (a.name().endsWith(".pb.gz") || a.name().endsWith(".folded")) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
      }
      if (a.name().endsWith(".html")) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      }
    }
  }

  @Test
  @Order(8)
  void forgedExpiredAndMissingTokensAreRefused() throws Exception {
    String list = "/console/api/v1/profilesessions";
    assertThat(get(list, "forged-" + System.nanoTime()).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> expired = get(list, "token-dave-expired");
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(new String(expired.body(), StandardCharsets.UTF_8)).contains("expired");
    assertThat(get(list, null).statusCode()).isEqualTo(401);
    // a viewer of one namespace asks for another
    assertThat(get("/console/api/v1/namespaces/" + PAYMENTS + "/profilesessions/ledger-check", "token-bob").statusCode()).isEqualTo(403);
    // a ticket for one artifact does not open another, and a tampered one nothing
    JsonNode listed = JSON.readTree(get("/console/api/v1/namespaces/" + DEMO + "/profilesessions/checkout-slow/artifacts", "token-bob").body());
    String link = listed.path("items").get(0).path("link").asText();
    String other = listed.path("items").get(1).path("path").asText();
    assertThat(get(link, null).statusCode()).isEqualTo(200);
    assertThat(get(link.replaceAll("artifacts/[^?]+", "artifacts/" + other), null).statusCode()).isEqualTo(401);
    assertThat(get(link.substring(0, link.length() - 2) + "xx", null).statusCode()).isEqualTo(401);

    openAs("forged-token", "#/");
    browser.waitFor("document.querySelector('#sign-in')");
    assertThat(browser.evaluate("document.querySelector('#token-error').textContent").asText()).contains("refused");
    screenshot("sign-in-forged");

    // a refusal that arrives after another sign-in forgets only the refused token: the API
    // call reads the forged token synchronously, the 401 comes back once alice's is stored
    browser.evaluate("sessionStorage.setItem('pyrometer.console.token', 'forged-late'); route();"
        + " sessionStorage.setItem('pyrometer.console.token', 'token-alice');");
    browser.waitFor("document.body.dataset.loaded === 'list'");
    assertThat(browser.evaluate("sessionStorage.getItem('pyrometer.console.token')").asText()).isEqualTo("token-alice");
  }

  @Test
  @Order(9)
  void eventsAreReadWithTheViewersOwnToken() throws Exception {
    JsonNode bob = JSON.readTree(get("/console/api/v1/namespaces/" + DEMO + "/profilesessions/checkout-slow", "token-bob").body());
    JsonNode alice = JSON.readTree(get("/console/api/v1/namespaces/" + DEMO + "/profilesessions/checkout-slow", "token-alice").body());

    assertThat(bob.path("events")).isEmpty();
    assertThat(bob.path("eventsError").asText()).contains("may not list events");
    assertThat(alice.path("events")).isNotEmpty();
    assertThat(alice.path("session").path("status").path("phase").asText()).isEqualTo("Succeeded");
  }

  @Test
  @Order(10)
  void aReviewOutageIsA503NeverAnOpenDoor() throws Exception {
    access.token("token-erin", "erin").allow("erin", DEMO, GROUP, "profilesessions", "get", "list");
    access.setAvailable(false);
    try {
      assertThat(get("/console/api/v1/profilesessions", "token-erin").statusCode()).isEqualTo(503);
      assertThat(get("/console/api/v1/namespaces/" + DEMO + "/profilesessions/checkout-slow/artifacts/"
          + LocalCluster.PODS.get(0) + "/report.html", "token-erin").statusCode()).isEqualTo(503);
      openAs("token-erin", "#/");
      browser.waitFor("document.querySelector('#refusal')");
      assertThat(browser.evaluate("document.querySelector('#refusal').dataset.status").asText()).isEqualTo("503");
      screenshot("outage-503");
    } finally {
      access.setAvailable(true);
    }
    assertThat(get("/console/api/v1/profilesessions", "token-erin").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(11)
  void theSchedulePageShowsTheTopOfEachRun() throws Exception {
    openAs("token-alice", "#/");
    browser.waitFor("document.body.dataset.loaded === 'list'");
    assertThat(browser.evaluate("[...document.querySelectorAll('#schedules tr[data-schedule]')].map(r => r.dataset.schedule)").toString())
        .contains(DEMO + "/checkout-nightly");

    openAs("token-alice", "#/schedules/" + DEMO + "/checkout-nightly");
    browser.waitFor("document.body.dataset.loaded === 'schedule'");
    screenshot("schedule-alice");

    String run = browser.evaluate("document.querySelector('#runs tr[data-run=\"checkout-slow\"]').innerText").asText();
    assertThat(run).contains("Succeeded").contains(session(DEMO, "checkout-slow").getStatus().getTop());
    assertThat(browser.evaluate("document.querySelector('#insight').textContent").asText()).contains("Latest insight");
    assertThat(get("/console/api/v1/namespaces/" + DEMO + "/profileschedules/checkout-nightly", "token-bob").statusCode()).isEqualTo(403);
  }

  private static HttpResponse<byte[]> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console).resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ArtifactStatus artifact(ProfileSession s, String name) {
    return s.getStatus().getArtifacts().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static String key(ArtifactStatus a) {
    return a.uri().substring(("s3://" + LocalCluster.BUCKET + "/").length());
  }
}
