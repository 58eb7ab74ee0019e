package dev.pyrometer.kubectl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The console's API as CONSOLE-API.md fixes it (the parts the plugin calls), for unit tests: one
 * accepted token (in Authorization: Bearer or X-Pyrometer-Token), JSON errors, artifacts as
 * bytes with their SHA-256. The real console is exercised end to end in KubectlPluginDemoIT.
 */
final class ConsoleStandIn implements AutoCloseable {
  private static final String PREFIX = "/console/api/v1/namespaces/";

  private final HttpServer server;
  private final String token;
  private final Map<String, Map<String, byte[]>> artifacts = new ConcurrentHashMap<>();
  final List<String> tokensSeen = new CopyOnWriteArrayList<>();

  ConsoleStandIn(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/console/api/v1/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An artifact of session ns/name, from pod. */
  void put(String ns, String session, String pod, String name, byte[] bytes) {
    artifacts.computeIfAbsent(ns + "/" + session, k -> new ConcurrentHashMap<>()).put(pod + "/" + name, bytes);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String presented = exchange.getRequestHeaders().getFirst("X-Pyrometer-Token");
      if (presented == null && auth != null && auth.startsWith("Bearer ")) {
        presented = auth.substring("Bearer ".length());
      }
      tokensSeen.add(String.valueOf(presented));
      if (presented == null) {
        error(exchange, 401, "no token: sign in with your Kubernetes token");
        return;
      }
      if (!presented.equals(token)) {
        error(exchange, 401, "the token is invalid or expired");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (!path.startsWith(PREFIX)) {
        error(exchange, 404, "no such page");
        return;
      }
      String[] parts = path.substring(PREFIX.length()).split("/", 5); // ns, profilesessions, name, artifacts, pod/name
      Map<String, byte[]> files = parts.length >= 3 ? artifacts.get(parts[0] + "/" + parts[2]) : null;
      if (files == null) {
        error(exchange, 404, "no such session");
        return;
      }
      if (parts.length == 4 && parts[3].equals("artifacts")) {
        ObjectNode list = SessionView.JSON.createObjectNode();
        ArrayNode items = list.putArray("items");
        files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
          String[] podName = e.getKey().split("/", 2);
          items.addObject().put("pod", podName[0]).put("name", podName[1]).put("bytes", e.getValue().length)
              .put("sha256", sha256(e.getValue())).put("contentType", "application/octet-stream").put("path", e.getKey());
        });
        send(exchange, 200, "application/json", SessionView.JSON.writeValueAsBytes(list));
      } else if (parts.length == 5 && parts[3].equals("artifacts") && files.containsKey(parts[4])) {
        exchange.getResponseHeaders().add("ETag", "\"" + sha256(files.get(parts[4])) + "\"");
        send(exchange, 200, "application/octet-stream", files.get(parts[4]));
      } else {
        error(exchange, 404, "no such artifact");
      }
    }
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode body = SessionView.JSON.createObjectNode().put("error", message);
    send(exchange, status, "application/json", SessionView.JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
