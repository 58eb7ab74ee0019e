package dev.pyrometer.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The console's JSON API (CONSOLE-API: /console/api/v1/...): a session with its events, its
 * artifact list, and each artifact's bytes. Every failure becomes one line with its exit code:
 * unreachable (7), 401/403 (8), no such session or artifact (3).
 */
public final class ConsoleClient {
  private static final String API = "/console/api/v1";

  private final ConsoleHttp http;

  public ConsoleClient(ConsoleHttp http) {
    this.http = http;
  }

  /** {"session": ..., "events": [...]} */
  public JsonNode session(String namespace, String name) {
    return json(sessionPath(namespace, name), "profilesession " + namespace + "/" + name);
  }

  /** {"items": [{"pod","name","bytes","sha256","contentType","path"}]} */
  public JsonNode artifacts(String namespace, String name) {
    JsonNode list = json(sessionPath(namespace, name) + "/artifacts", "the artifacts of " + namespace + "/" + name);
    boolean consoleShaped = list.path("items").isArray();
    for (JsonNode item : list.path("items")) {
      consoleShaped &= item.path("pod").isTextual() && item.path("name").isTextual();
    }
    if (!consoleShaped) {
      throw PluginException.consoleUnreachable("cannot reach the console: " + http.describe()
          + " answered, but not with the console's artifact list" + http.hint());
    }
    return list;
  }

  /** Streams one artifact into {@code file} (through a temporary file beside it); returns its SHA-256 (hex). */
  public String download(String namespace, String name, String artifactPath, Path file) {
    String path = sessionPath(namespace, name) + "/artifacts/" + encodePath(artifactPath);
    ConsoleHttp.Response response = send(path, artifactPath);
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    try (InputStream in = response.body()) {
      check(response, artifactPath);
      Files.createDirectories(file.getParent());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
        in.transferTo(out);
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      deleteQuietly(partial);
      throw PluginException.download("cannot download " + artifactPath + " into " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String describe() {
    return http.describe();
  }

  private JsonNode json(String path, String what) {
    ConsoleHttp.Response response = send(path, what);
    try (InputStream in = response.body()) {
      byte[] body = in.readAllBytes();
      check(response.status(), body, what);
      try {
        return SessionView.JSON.readTree(body);
      } catch (IOException e) {
        throw PluginException.consoleUnreachable(http.describe() + " did not answer as the Pyrometer console (" + what + " is not JSON)");
      }
    } catch (IOException e) {
      throw PluginException.consoleUnreachable("cannot read the console's answer from " + http.describe() + ": " + e.getMessage());
    }
  }

  private ConsoleHttp.Response send(String path, String what) {
    try {
      return http.get(path);
    } catch (IOException e) {
      throw PluginException.consoleUnreachable("cannot reach the console at " + http.describe() + ": " + Kube.oneLine(e) + http.hint());
    }
  }

  private void check(ConsoleHttp.Response response, String what) throws IOException {
    if (response.status() / 100 != 2) {
      check(response.status(), response.body().readNBytes(64 * 1024), what);
    }
  }

  /** One line per failure, from the console's {"error"} or the API server's Status. */
  private void check(int status, byte[] body, String what) {
    if (status / 100 == 2) {
      return;
    }
    JsonNode json;
    try {
      json = SessionView.JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json != null && "Status".equals(json.path("kind").asText())) {
      // the API server answered for the service proxy: the console itself was not reached
      throw PluginException.consoleUnreachable("cannot reach the console through the API server's service proxy (" + status + "): "
          + json.path("message").asText() + http.hint());
    }
    if (json == null || !json.hasNonNull("error")) {
      // not the console's {"error"}: something else answered at that address
      throw PluginException.consoleUnreachable("cannot reach the console: " + http.describe() + " answered HTTP " + status
          + " without the console's API" + http.hint());
    }
    String error = json.get("error").asText();
    switch (status) {
      case 401, 403 -> throw PluginException.consoleRefused("the console refused " + what + " (" + status + "): " + error);
      case 404 -> throw PluginException.notFound("the console has no " + what + ": " + error);
      default -> throw PluginException.consoleUnreachable("the console at " + http.describe() + " answered " + status + " for " + what + ": " + error);
    }
  }

  private static String sessionPath(String namespace, String name) {
    return API + "/namespaces/" + encode(namespace) + "/profilesessions/" + encode(name);
  }

  /** pod/name: each segment encoded, the slash kept. */
  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(encode(segment));
    }
    return out.toString();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: a stray .part file is harmless
    }
  }
}
