package dev.pyrometer.operator.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reuses the API server's answers for a short time (a page load asks the same questions several
 * times), so a revoked permission or token is honoured within that time. Outages are never
 * cached: the next request asks again. Tokens are kept only as SHA-256 digests.
 */
public final class CachedAccessReview implements AccessReview {
  /** Entries beyond this are dropped wholesale: a flood of forged tokens cannot grow the heap. */
  private static final int MAX_ENTRIES = 10_000;

  private final AccessReview delegate;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry<Authentication>> tokens = new ConcurrentHashMap<>();
  private final Map<String, Entry<Boolean>> decisions = new ConcurrentHashMap<>();

  private record Entry<T>(T value, Instant expires) {}

  public CachedAccessReview(AccessReview delegate, Duration ttl, Clock clock) {
    this.delegate = delegate;
    this.ttl = ttl.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : ttl;
    this.clock = clock;
  }

  @Override
  public Authentication authenticate(String token) {
    return cached(tokens, sha256(token), () -> delegate.authenticate(token));
  }

  @Override
  public boolean allowed(Viewer viewer, String verb, String resource, String namespace) {
    String key = String.join("\u0000", viewer.username(), String.valueOf(viewer.uid()), String.join(",", viewer.groups()),
        String.valueOf(viewer.extra()), verb, resource, String.valueOf(namespace));
    return cached(decisions, key, () -> delegate.allowed(viewer, verb, resource, namespace));
  }

  private <T> T cached(Map<String, Entry<T>> cache, String key, java.util.function.Supplier<T> ask) {
    Instant now = clock.instant();
    Entry<T> entry = cache.get(key);
    if (entry != null && now.isBefore(entry.expires())) {
      return entry.value();
    }
    T value = ask.get(); // throws on an outage: nothing is cached
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(key, new Entry<>(value, now.plus(ttl)));
    return value;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
