package dev.pyrometer.agent.upload;

import dev.pyrometer.contract.Artifact;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The presigned PUT URL of each artifact, as the operator hands them to the agent: one environment
 * variable per artifact, named by {@link Artifact#uploadEnvVar()}. A variable that is set but holds
 * no usable http(s) URL is kept as rejected, so that its artifact is reported as failed rather than
 * silently skipped.
 *
 * @param urls artifacts with a usable URL
 * @param rejected artifacts whose variable was set but unusable, with the reason (never the URL,
 *     which is a bearer credential)
 */
public record UploadTargets(Map<Artifact, URI> urls, Map<Artifact, String> rejected) {

  public UploadTargets {
    urls = Collections.unmodifiableMap(urls.isEmpty() ? new EnumMap<>(Artifact.class) : new EnumMap<>(urls));
    rejected = Collections.unmodifiableMap(rejected.isEmpty() ? new EnumMap<>(Artifact.class) : new EnumMap<>(rejected));
  }

  public static UploadTargets none() {
    return new UploadTargets(Map.of(), Map.of());
  }

  /** Reads {@code PYROMETER_UPLOAD_*} variables; unset or blank ones mean "do not upload". */
  public static UploadTargets fromEnvironment(Map<String, String> env) {
    Map<Artifact, URI> urls = new EnumMap<>(Artifact.class);
    Map<Artifact, String> rejected = new EnumMap<>(Artifact.class);
    for (Artifact artifact : Artifact.values()) {
      String value = env.get(artifact.uploadEnvVar());
      if (value == null || value.isBlank()) {
        continue;
      }
      try {
        URI url = new URI(value.trim());
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
          rejected.put(artifact, artifact.uploadEnvVar() + " is not an http(s) URL with a host");
        } else {
          urls.put(artifact, url);
        }
      } catch (URISyntaxException e) {
        rejected.put(artifact, artifact.uploadEnvVar() + " is not a valid URL (" + e.getReason() + ")");
      }
    }
    return new UploadTargets(urls, rejected);
  }

  public Optional<URI> urlFor(Artifact artifact) {
    return Optional.ofNullable(urls.get(artifact));
  }

  public boolean isEmpty() {
    return urls.isEmpty() && rejected.isEmpty();
  }

  /** A URL without its query string, safe to print: the query of a presigned URL is the credential. */
  public static String redacted(URI url) {
    return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
  }
}
