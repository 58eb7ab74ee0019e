package dev.pyrometer.operator.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The web console's settings ({@code pyrometer.console.*}, or {@code PYROMETER_CONSOLE_*} set by
 * the chart).
 */
@ConfigMapping(prefix = "pyrometer.console")
public interface ConsoleConfig {

  /** Serve /console/ and /console/api/ on the operator's HTTP port; when false both answer 404. */
  @WithDefault("true")
  boolean enabled();

  /**
   * A header an authenticating proxy in front of the console sets to the viewer's bearer token
   * (oauth2-proxy: X-Forwarded-Access-Token). Empty: only Authorization and X-Pyrometer-Token.
   */
  Optional<String> proxyTokenHeader();

  /** How long a TokenReview or SubjectAccessReview answer is reused (at most 30 s). */
  @WithDefault("20s")
  Duration reviewCacheTtl();

  /**
   * How long an artifact link (a URL with a signed ticket, for new tabs and speedscope, which
   * cannot send a bearer token) stays valid.
   */
  @WithDefault("10m")
  Duration linkTtl();

  /** The speedscope viewer the session page links to; its origin may fetch speedscope.json (CORS). */
  @WithDefault("https://www.speedscope.app")
  String speedscopeUrl();
}
