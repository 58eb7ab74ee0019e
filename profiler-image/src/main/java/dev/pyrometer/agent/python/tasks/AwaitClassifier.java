package dev.pyrometer.agent.python.tasks;

import dev.pyrometer.agent.python.PyFrame;
import java.util.List;

/**
 * Names what a suspended coroutine chain waits for. The innermost library frame tells most
 * (asyncio's own {@code sleep}, {@code StreamReader.readline}, {@code Lock.acquire} ...); when the
 * application awaits an object directly, that object's type tells (a Task, a gather).
 */
final class AwaitClassifier {
  private AwaitClassifier() {}

  static Awaited classify(CoroutineChain.Result chain, AsyncTypes.Role awaitedRole) {
    long object = chain.awaitedObject();
    if (chain.running()) {
      return new Awaited(AwaitKind.RUNNING, null, 0);
    }
    if (chain.notStarted()) {
      return new Awaited(AwaitKind.NOT_STARTED, null, 0);
    }
    List<PyFrame> frames = chain.frames();
    // the outermost frame inside a known library: the call the application made
    for (int i = 0; i < frames.size(); i++) {
      PyFrame f = frames.get(i);
      Awaited byFrame = byLibraryFrame(f, chain.qualifiedNames().get(i), object);
      if (byFrame != null) {
        return byFrame;
      }
    }
    if (awaitedRole == AsyncTypes.Role.TASK) {
      return new Awaited(AwaitKind.TASK, null, object);
    }
    if (awaitedRole == AsyncTypes.Role.GATHERING_FUTURE) {
      return new Awaited(AwaitKind.GATHER, null, object);
    }
    if (awaitedRole == AsyncTypes.Role.FUTURE) {
      return new Awaited(AwaitKind.FUTURE, null, object);
    }
    return new Awaited(AwaitKind.UNKNOWN, null, object);
  }

  private static Awaited byLibraryFrame(PyFrame f, String name, long object) {
    String file = f.code().fileName().replace('\\', '/');
    String function = name.substring(name.lastIndexOf('.') + 1);
    if (file.endsWith("/asyncio/tasks.py") && function.equals("sleep")) {
      return new Awaited(AwaitKind.SLEEP, "asyncio.sleep", object);
    }
    if (file.endsWith("/asyncio/streams.py")) {
      return new Awaited(AwaitKind.NETWORK, name, object);
    }
    if (file.endsWith("/asyncio/locks.py")) {
      String cls = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      AwaitKind kind = switch (cls) {
        case "Lock" -> AwaitKind.LOCK;
        case "Event" -> AwaitKind.EVENT;
        case "Condition" -> AwaitKind.CONDITION;
        case "Semaphore", "BoundedSemaphore" -> AwaitKind.SEMAPHORE;
        default -> null;
      };
      // 3.8–3.10 Semaphore/Condition are written in terms of other primitives: keep the outer one
      return kind == null ? null : new Awaited(kind, name, object);
    }
    if (file.endsWith("/asyncio/queues.py")) {
      return new Awaited(AwaitKind.QUEUE, name, object);
    }
    if (file.endsWith("/asyncio/subprocess.py") || file.endsWith("/asyncio/base_subprocess.py")) {
      return new Awaited(AwaitKind.CHILD_PROCESS, name, object);
    }
    if (file.endsWith("/asyncio/taskgroups.py")) {
      return new Awaited(AwaitKind.TASK_GROUP, name, object);
    }
    if ((file.endsWith("/asyncio/selector_events.py") || file.endsWith("/asyncio/base_events.py")
        || file.endsWith("/asyncio/proactor_events.py"))
        && (function.startsWith("sock_") || function.startsWith("create_connection") || function.equals("getaddrinfo")
            || function.equals("start_tls") || function.equals("create_server"))) {
      return new Awaited(AwaitKind.NETWORK, "loop." + function, object);
    }
    return null;
  }
}
