package dev.pyrometer.operator.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Artifact URLs that work without a bearer token, for what cannot send one: a link opened in a
 * new tab, and speedscope fetching a profile. The console hands them out only to a viewer allowed
 * to read the session; each names one artifact and expires. The HMAC key is derived from the
 * storage secret, which every operator replica shares, so any replica honours the link.
 */
public final class ArtifactLinks {
  private static final String PURPOSE = "pyrometer-console-artifact-link-v1";

  private final byte[] key;
  private final Duration ttl;
  private final Clock clock;

  public ArtifactLinks(String sharedSecret, Duration ttl, Clock clock) {
    try {
      this.key = MessageDigest.getInstance("SHA-256").digest((PURPOSE + "\u0000" + sharedSecret).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A ticket for one artifact: {@code <expiry epoch seconds>.<signature>}. */
  public String ticket(String namespace, String session, String path) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return expires + "." + sign(namespace, session, path, expires);
  }

  /** Whether the ticket was made here for exactly this artifact and has not expired. */
  public boolean valid(String ticket, String namespace, String session, String path) {
    int dot = ticket == null ? -1 : ticket.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    long expires;
    try {
      expires = Long.parseLong(ticket.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    if (clock.instant().getEpochSecond() > expires) {
      return false;
    }
    byte[] expected = sign(namespace, session, path, expires).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, ticket.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String namespace, String session, String path, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal(String.join("\u0000", namespace, session, path, Long.toString(expires)).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
