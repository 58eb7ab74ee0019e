package dev.pyrometer.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Chrome DevTools Protocol session with the page target of a local browser, over a {@link
 * java.net.http} WebSocket: commands wait for their replies within the timeout, events go to one
 * listener and to one-shot waiters.
 */
final class DevToolsConnection {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Duration timeout;
  private final Consumer<JsonNode> events;
  private final AtomicInteger nextId = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
  private WebSocket socket;

  private record EventWaiter(String method, CompletableFuture<JsonNode> params) {}

  private DevToolsConnection(Duration timeout, Consumer<JsonNode> events) {
    this.timeout = timeout;
    this.events = events;
  }

  /** Connects to the first page target of the browser whose DevTools listen on {@code port}. */
  static DevToolsConnection toPage(int port, Duration timeout, Consumer<JsonNode> events) {
    DevToolsConnection connection = new DevToolsConnection(timeout, events);
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    try {
      HttpResponse<String> targets = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(timeout).build(),
          HttpResponse.BodyHandlers.ofString());
      String pageSocket = null;
      for (JsonNode target : JSON.readTree(targets.body())) {
        if ("page".equals(target.path("type").asText())) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageSocket == null) {
        throw new IllegalStateException("Chromium has no page target: " + targets.body());
      }
      connection.socket = http.newWebSocketBuilder().connectTimeout(timeout)
          .buildAsync(URI.create(pageSocket), connection.new Listener())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return connection;
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot connect to Chromium DevTools on port " + port + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to Chromium", e);
    }
  }

  /** Sends one command and returns its {@code result}; a protocol error fails. */
  JsonNode send(String method, Map<String, ?> params) {
    int id = nextId.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    synchronized (this) { // a WebSocket allows one outstanding send
      await(socket.sendText(message.toString(), true), "sending " + method);
    }
    JsonNode response = await(reply, method);
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.path("result");
  }

  /** A future for the params of the next event of this method; register it before causing the event. */
  CompletableFuture<JsonNode> nextEvent(String method) {
    EventWaiter waiter = new EventWaiter(method, new CompletableFuture<>());
    waiters.add(waiter);
    return waiter.params();
  }

  void forget(CompletableFuture<JsonNode> event) {
    waiters.removeIf(w -> w.params() == event);
  }

  <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Chromium did not answer " + what + " within " + timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Chromium connection failed during " + what + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  void abort() {
    if (socket != null) {
      socket.abort();
    }
  }

  private void onMessage(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
      if (reply != null) {
        reply.complete(message);
      }
      return;
    }
    events.accept(message);
    String method = message.path("method").asText();
    for (EventWaiter waiter : waiters) {
      if (waiter.method().equals(method) && waiter.params().complete(message.path("params"))) {
        waiters.remove(waiter);
      }
    }
  }

  private void failAll(Throwable error) {
    replies.values().forEach(f -> f.completeExceptionally(error));
  }

  /** Reassembles fragmented text frames into DevTools messages. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        try {
          onMessage(JSON.readTree(text));
        } catch (IOException e) {
          failAll(new IllegalStateException("unreadable DevTools message: " + e.getMessage()));
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(error);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(new IllegalStateException("DevTools connection closed: " + statusCode + " " + reason));
      return null;
    }
  }
}
