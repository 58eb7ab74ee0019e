package dev.pyrometer.operator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.operator.testing.MutableClock;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's gate without a server: where tokens are found, what is cached, signed links. */
class ConsoleAccessTest {
  private static final Viewer ALICE = new Viewer("alice", "uid-1", List.of("team"), Map.of());

  /** An API server that counts its reviews, and can be down. */
  private static final class CountingReview implements AccessReview {
    final List<String> asked = new ArrayList<>();
    boolean down;

    @Override
    public Authentication authenticate(String token) {
      asked.add("token " + token);
      if (down) {
        throw ConsoleException.reviewUnavailable("TokenReview unavailable", null);
      }
      return token.equals("good") ? Authentication.of(ALICE) : Authentication.refused("invalid bearer token");
    }

    @Override
    public boolean allowed(Viewer viewer, String verb, String resource, String namespace) {
      asked.add("sar " + verb + " " + namespace);
      if (down) {
        throw ConsoleException.reviewUnavailable("SubjectAccessReview unavailable", null);
      }
      return "shop".equals(namespace);
    }
  }

  @Test
  void answersAreReusedWithinTheTtlAndAskedAgainAfterIt() {
    CountingReview api = new CountingReview();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    CachedAccessReview cached = new CachedAccessReview(api, Duration.ofSeconds(20), clock);

    assertThat(cached.authenticate("good").viewer()).contains(ALICE);
    assertThat(cached.authenticate("good").viewer()).contains(ALICE);
    assertThat(cached.allowed(ALICE, "get", "profilesessions", "shop")).isTrue();
    assertThat(cached.allowed(ALICE, "get", "profilesessions", "shop")).isTrue();
    assertThat(cached.allowed(ALICE, "get", "profilesessions", "bank")).isFalse();
    assertThat(api.asked).containsExactly("token good", "sar get shop", "sar get bank");

    clock.advance(Duration.ofSeconds(21));
    cached.authenticate("good");
    assertThat(api.asked).hasSize(4);
  }

  @Test
  void aTtlOverThirtySecondsIsCappedAndAnOutageIsNeverCached() {
    CountingReview api = new CountingReview();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    CachedAccessReview cached = new CachedAccessReview(api, Duration.ofMinutes(10), clock);
    cached.allowed(ALICE, "list", "profilesessions", "shop");
    clock.advance(Duration.ofSeconds(31));
    api.down = true;

    assertThatThrownBy(() -> cached.allowed(ALICE, "list", "profilesessions", "shop"))
        .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThatThrownBy(() -> cached.authenticate("new-token"))
        .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.status()).isEqualTo(503));
    api.down = false;
    assertThat(cached.authenticate("new-token").viewer()).isEmpty();
    assertThat(api.asked).containsExactly("sar list shop", "sar list shop", "token new-token", "token new-token");
  }

  @Test
  void findsTheTokenInAuthorizationTheOwnHeaderOrTheProxysHeaderOnlyWhenConfigured() {
    ViewerTokens plain = new ViewerTokens(Optional.empty());
    ViewerTokens proxied = new ViewerTokens(Optional.of("X-Forwarded-Access-Token"));

    assertThat(plain.find(headers(Map.of("Authorization", "Bearer abc")))).contains("abc");
    assertThat(plain.find(headers(Map.of("Authorization", "bearer abc")))).contains("abc");
    assertThat(plain.find(headers(Map.of("X-Pyrometer-Token", "def")))).contains("def");
    assertThat(plain.find(headers(Map.of("X-Forwarded-Access-Token", "ghi")))).isEmpty();
    assertThat(proxied.find(headers(Map.of("X-Forwarded-Access-Token", "ghi")))).contains("ghi");
    assertThat(plain.find(headers(Map.of("Authorization", "Basic dXNlcjpwYXNz")))).isEmpty();
    assertThat(plain.find(headers(Map.of()))).isEmpty();
  }

  @Test
  void aRefusedTokenIs401AndAForbiddenNamespace403() {
    ConsoleAccess access = new ConsoleAccess(new ViewerTokens(Optional.empty()), new CountingReview());

    assertThatThrownBy(() -> access.viewer(headers(Map.of("Authorization", "Bearer forged"))))
        .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("invalid bearer token");
    assertThatThrownBy(() -> access.viewer(headers(Map.of())))
        .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.status()).isEqualTo(401));
    Viewer viewer = access.viewer(headers(Map.of("Authorization", "Bearer good")));
    access.require(viewer, "get", "profilesessions", "shop");
    assertThatThrownBy(() -> access.require(viewer, "get", "profilesessions", "bank"))
        .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  void anArtifactLinkOpensItsOneArtifactUntilItExpires() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    ArtifactLinks links = new ArtifactLinks("storage-secret", Duration.ofMinutes(10), clock);
    String ticket = links.ticket("shop", "slow", "web-0/report.html");

    assertThat(links.valid(ticket, "shop", "slow", "web-0/report.html")).isTrue();
    assertThat(new ArtifactLinks("storage-secret", Duration.ofMinutes(10), clock).valid(ticket, "shop", "slow", "web-0/report.html"))
        .as("another replica with the same storage secret").isTrue();
    assertThat(new ArtifactLinks("other-secret", Duration.ofMinutes(10), clock).valid(ticket, "shop", "slow", "web-0/report.html")).isFalse();
    assertThat(links.valid(ticket, "shop", "slow", "web-0/profile.pb.gz")).isFalse();
    assertThat(links.valid(ticket, "bank", "slow", "web-0/report.html")).isFalse();
    String later = (Long.parseLong(ticket.substring(0, ticket.indexOf('.'))) + 3600) + ticket.substring(ticket.indexOf('.'));
    assertThat(links.valid(later, "shop", "slow", "web-0/report.html")).as("expiry moved").isFalse();
    assertThat(links.valid("garbage", "shop", "slow", "web-0/report.html")).isFalse();
    clock.advance(Duration.ofMinutes(11));
    assertThat(links.valid(ticket, "shop", "slow", "web-0/report.html")).isFalse();
  }

  private static HttpHeaders headers(Map<String, String> values) {
    return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(), new Class<?>[] {HttpHeaders.class}, (proxy, method, args) -> {
      if (method.getName().equals("getHeaderString")) {
        return values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase((String) args[0])).map(Map.Entry::getValue).findFirst().orElse(null);
      }
      throw new UnsupportedOperationException(method.getName());
    });
  }
}
