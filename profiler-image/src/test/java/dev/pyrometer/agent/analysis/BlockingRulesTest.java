package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.lib;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static dev.pyrometer.agent.analysis.Stacks.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.AsyncFrames;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One realistic stack per blocking rule (CPython 3.12 frame names; older versions differ only in
 * unqualified names, which {@code CodeFrameTest} covers), and the cases where a rule must not fire.
 */
class BlockingRulesTest {

  /**
   * A stack, the source text of its deepest Python frame (null when unreadable), and the rule
   * expected to match it.
   */
  record Case(String rule, BlockingCause cause, String source, List<FrameKey> frames) {
    @Override
    public String toString() {
      return rule + " (" + frames.get(frames.size() - 1).label() + ")";
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("thread-pool-worker-idle", BlockingCause.IDLE_WORKER, null,
            with(thread(std("concurrent/futures/thread.py", "_worker", 89)), sys("futex"))),
        new Case("process-pool-worker-idle", BlockingCause.IDLE_WORKER, null,
            with(main(app("main", 30), std("multiprocessing/popen_fork.py", "Popen._launch", 71),
                std("multiprocessing/process.py", "BaseProcess._bootstrap", 314),
                std("multiprocessing/process.py", "BaseProcess.run", 108),
                std("concurrent/futures/process.py", "_process_worker", 240),
                std("multiprocessing/queues.py", "Queue.get", 103),
                std("multiprocessing/connection.py", "_ConnectionBase.recv_bytes", 216),
                std("multiprocessing/connection.py", "Connection._recv_bytes", 430),
                std("multiprocessing/connection.py", "Connection._recv", 395)), sys("read"))),
        new Case("multiprocessing-pool-worker-idle", BlockingCause.IDLE_WORKER, null,
            with(main(app("main", 12), std("multiprocessing/process.py", "BaseProcess._bootstrap", 314),
                std("multiprocessing/process.py", "BaseProcess.run", 108), std("multiprocessing/pool.py", "worker", 114),
                std("multiprocessing/queues.py", "SimpleQueue.get", 364)), sys("futex"))),
        new Case("pool-housekeeping-idle", BlockingCause.IDLE_WORKER, null,
            with(thread(std("multiprocessing/pool.py", "Pool._handle_tasks", 528), std("queue.py", "Queue.get", 171),
                std("threading.py", "Condition.wait", 355)), sys("futex"))),
        new Case("task-queue-consumer-idle", BlockingCause.IDLE_WORKER, null,
            with(main(lib("celery/worker/worker.py", "WorkController.start", 202),
                lib("celery/worker/loops.py", "asynloop", 97), lib("kombu/asynchronous/hub.py", "Hub.create_loop", 362),
                lib("kombu/utils/eventio.py", "_epoll.poll", 56)), sys("epoll_wait"))),
        new Case("queue-consumer-thread-idle", BlockingCause.IDLE_WORKER, null,
            with(thread(app("consume", 12), std("queue.py", "Queue.get", 171), std("threading.py", "Condition.wait", 355)),
                sys("futex"))),
        new Case("queue-consumer-thread-idle", BlockingCause.IDLE_WORKER, "job = jobs.get()",
            with(thread(app("consume", 12)), sys("futex"))),
        new Case("asyncio-event-loop-idle", BlockingCause.IDLE_EVENT_LOOP, null,
            with(main(app("main", 40), std("asyncio/runners.py", "run", 194), std("asyncio/runners.py", "Runner.run", 118),
                std("asyncio/base_events.py", "BaseEventLoop.run_until_complete", 674),
                std("asyncio/base_events.py", "BaseEventLoop.run_forever", 641),
                std("asyncio/base_events.py", "BaseEventLoop._run_once", 1949),
                std("selectors.py", "EpollSelector.select", 468)), sys("epoll_wait"))),
        new Case("other-event-loop-idle", BlockingCause.IDLE_EVENT_LOOP, null,
            with(main(app("main", 40), lib("uvloop/__init__.py", "run", 109), std("asyncio/runners.py", "run", 194),
                std("asyncio/runners.py", "Runner.run", 118)), sys("epoll_wait"))),
        new Case("gevent-hub-idle", BlockingCause.IDLE_EVENT_LOOP, null,
            with(thread(lib("gevent/hub.py", "Hub.run", 647)), sys("epoll_wait"))),
        // gunicorn -k gevent on Debian (gevent 22.10): the resolver thread pool's worker, between tasks
        new Case("gevent-threadpool-worker-idle", BlockingCause.IDLE_WORKER, null,
            with(thread(lib("gevent/threadpool.py", "_WorkerGreenlet.run", 195), lib("gevent/_threading.py", "Queue.get", 220),
                lib("gevent/_threading.py", "_Condition.wait", 99), lib("gevent/_threading.py", "acquire_with_timeout", 39)),
                sys("futex"))),
        new Case("socketserver-idle", BlockingCause.IDLE_SERVER, null,
            with(main(app("main", 30), std("socketserver.py", "BaseServer.serve_forever", 235),
                std("selectors.py", "_PollLikeSelector.select", 415)), sys("poll"))),
        new Case("wsgi-server-idle", BlockingCause.IDLE_SERVER, null,
            with(main(lib("gunicorn/arbiter.py", "Arbiter.spawn_worker", 609),
                lib("gunicorn/workers/base.py", "Worker.init_process", 142),
                lib("gunicorn/workers/sync.py", "SyncWorker.run", 126),
                lib("gunicorn/workers/sync.py", "SyncWorker.run_for_one", 84),
                lib("gunicorn/workers/sync.py", "SyncWorker.wait", 36)), sys("select"))),
        new Case("keep-alive-connection-idle", BlockingCause.IDLE_SERVER, null,
            with(thread(std("socketserver.py", "ThreadingMixIn.process_request_thread", 691),
                std("socketserver.py", "BaseServer.finish_request", 361),
                std("socketserver.py", "BaseRequestHandler.__init__", 755),
                std("http/server.py", "BaseHTTPRequestHandler.handle", 436),
                std("http/server.py", "BaseHTTPRequestHandler.handle_one_request", 404),
                std("socket.py", "SocketIO.readinto", 707)), sys("recvfrom"))),
        new Case("accept-idle", BlockingCause.IDLE_SERVER, null,
            with(main(app("serve", 20), std("socket.py", "socket.accept", 295)), sys("accept4"))),
        new Case("signal-wait-idle", BlockingCause.IDLE_WORKER, null, with(main(app("main", 40)), sys("pause"))),
        new Case("periodic-thread-sleep-idle", BlockingCause.IDLE_WORKER, null,
            with(thread(app("refresh_metrics_forever", 55)), sys("clock_nanosleep"))),
        new Case("main-thread-parked-idle", BlockingCause.IDLE_WORKER, null, with(main(), sys("clock_nanosleep"))),
        new Case("main-thread-parked-idle", BlockingCause.IDLE_WORKER, null,
            with(main(std("threading.py", "Event.wait", 655), std("threading.py", "Condition.wait", 355)), sys("futex"))),
        new Case("thread-join", BlockingCause.OTHER_THREADS, null,
            with(main(app("main", 33), std("threading.py", "Thread.join", 1147),
                std("threading.py", "Thread._wait_for_tstate_lock", 1167)), sys("futex"))),
        new Case("future-result", BlockingCause.OTHER_THREADS, null,
            with(main(app("render_all", 40), std("concurrent/futures/_base.py", "Future.result", 451),
                std("threading.py", "Condition.wait", 355)), sys("futex"))),
        new Case("future-result", BlockingCause.OTHER_THREADS, null,
            with(main(app("render_all", 40), std("multiprocessing/pool.py", "Pool.map", 367),
                std("multiprocessing/pool.py", "ApplyResult.get", 768), std("multiprocessing/pool.py", "ApplyResult.wait", 765),
                std("threading.py", "Event.wait", 655), std("threading.py", "Condition.wait", 355)), sys("futex"))),
        new Case("queue-get", BlockingCause.OTHER_THREADS, null,
            with(thread(app("handle", 50), app("ask_backend", 61), std("queue.py", "Queue.get", 180),
                std("threading.py", "Condition.wait", 359)), sys("futex"))),
        new Case("queue-full", BlockingCause.LOCK, null,
            with(thread(app("produce", 20), std("queue.py", "Queue.put", 152), std("threading.py", "Condition.wait", 355)),
                sys("futex"))),
        new Case("semaphore", BlockingCause.LOCK, null,
            with(thread(app("download", 30), std("threading.py", "Semaphore.__enter__", 513),
                std("threading.py", "Semaphore.acquire", 503), std("threading.py", "Condition.wait", 355)), sys("futex"))),
        new Case("condition-wait", BlockingCause.OTHER_THREADS, null,
            with(main(app("main", 10), app("wait_ready", 12), std("threading.py", "Event.wait", 655),
                std("threading.py", "Condition.wait", 355)), sys("futex"))),
        new Case("logging-lock", BlockingCause.LOCK, null,
            with(thread(app("handle", 40), std("logging/__init__.py", "Logger.info", 1539),
                std("logging/__init__.py", "Logger._log", 1684), std("logging/__init__.py", "Logger.handle", 1700),
                std("logging/__init__.py", "Logger.callHandlers", 1762), std("logging/__init__.py", "Handler.handle", 1027)),
                sys("futex"))),
        new Case("subprocess", BlockingCause.CHILD_PROCESS, null,
            with(main(app("Processor.handle_by_script", 8), std("subprocess.py", "run", 550),
                std("subprocess.py", "Popen.communicate", 1209), std("subprocess.py", "Popen._communicate", 2108),
                std("selectors.py", "_PollLikeSelector.select", 415)), sys("poll"))),
        new Case("subprocess", BlockingCause.CHILD_PROCESS, null,
            with(main(app("convert", 8), std("subprocess.py", "check_call", 408), std("subprocess.py", "call", 391),
                std("subprocess.py", "Popen.wait", 1264), std("subprocess.py", "Popen._wait", 2046),
                std("subprocess.py", "Popen._try_wait", 2004)), sys("wait4"))),
        new Case("multiprocessing-child", BlockingCause.CHILD_PROCESS, null,
            with(main(app("main", 10), std("multiprocessing/process.py", "BaseProcess.join", 149),
                std("multiprocessing/popen_fork.py", "Popen.wait", 43), std("multiprocessing/popen_fork.py", "Popen.poll", 27)),
                sys("wait4"))),
        new Case("child-output-line", BlockingCause.CHILD_PROCESS, "line = proc.stdout.readline()",
            with(main(app("tail_logs", 14)), sys("read"))),
        new Case("wait-syscall", BlockingCause.CHILD_PROCESS, null, with(main(app("backup", 22)), sys("wait4"))),
        new Case("sleep", BlockingCause.SLEEP, null,
            with(main(app("load_settings", 6), app("wait_for_backend", 16)), sys("clock_nanosleep"))),
        new Case("sleep", BlockingCause.SLEEP, "time.sleep(0.12)",
            with(main(app("load_settings", 6), app("wait_for_backend", 16)), sys("select"))),
        new Case("sleep", BlockingCause.SLEEP, null,
            with(main(app("load_settings", 6), app("wait_for_backend", 16)), sys("select"))),
        new Case("dns", BlockingCause.NETWORK, null,
            with(main(app("fetch", 5), std("socket.py", "create_connection", 827), std("socket.py", "getaddrinfo", 962)),
                sys("poll"))),
        new Case("dns", BlockingCause.NETWORK, "addr = socket.gethostbyname(host)", with(main(app("resolve", 5)), sys("poll"))),
        new Case("database-driver", BlockingCause.NETWORK, null,
            with(main(app("load_orders", 30), lib("psycopg2/extras.py", "RealDictCursor.execute", 236)), sys("poll"))),
        new Case("http-client", BlockingCause.NETWORK, null,
            with(main(app("fetch_prices", 20), lib("requests/api.py", "get", 73), lib("requests/api.py", "request", 59),
                lib("requests/sessions.py", "Session.request", 589), lib("requests/adapters.py", "HTTPAdapter.send", 667),
                lib("urllib3/connectionpool.py", "HTTPConnectionPool.urlopen", 793),
                std("http/client.py", "HTTPResponse.begin", 331), std("socket.py", "SocketIO.readinto", 707)),
                sys("recvfrom"))),
        new Case("connect", BlockingCause.NETWORK, null,
            with(main(app("ping", 5), std("socket.py", "create_connection", 835)), sys("connect"))),
        new Case("socket", BlockingCause.NETWORK, null, with(main(app("fetch_quote", 19)), sys("recvfrom"))),
        new Case("socket", BlockingCause.NETWORK, "return sock.recv(64)", with(main(app("fetch_quote", 19)), sys("poll"))),
        new Case("file-lock", BlockingCause.LOCK, null, with(main(app("exclusive", 5)), sys("flock"))),
        new Case("file-syscall", BlockingCause.FILE_IO, null, with(main(app("save", 5)), sys("fsync"))),
        new Case("file-read-write", BlockingCause.FILE_IO, null,
            with(main(app("load", 5), std("pathlib.py", "Path.read_text", 1027)), sys("read"))),
        new Case("file-read-write", BlockingCause.FILE_IO, "data = fh.read()", with(main(app("load", 5)), sys("read"))),
        new Case("pipe-or-terminal", BlockingCause.FILE_IO, null, with(main(app("main", 5)), sys("read"))),
        new Case("lock-line", BlockingCause.LOCK, "with LEDGER_LOCK:",
            with(thread(app("trader", 24), app("record_trade", 16)), sys("futex"))),
        new Case("lock-line", BlockingCause.LOCK, "self._mutex.acquire()",
            with(thread(app("trader", 24), app("Ledger.add", 16)), sys("futex"))),
        new Case("gil", BlockingCause.GIL, "total += x * x", with(thread(app("crunch", 40)), sys("futex"))),
        new Case("futex", BlockingCause.LOCK, null, with(thread(app("crunch", 40)), sys("futex"))),
        new Case("selector", BlockingCause.IO_WAIT, null,
            with(main(app("pump", 7), std("selectors.py", "EpollSelector.select", 468)), sys("epoll_wait"))),
        new Case("blocked-outside-syscall", BlockingCause.OTHER, null,
            with(main(app("touch_pages", 1)), FrameKey.marker("<blocked outside a syscall>"))),
        new Case("other-syscall", BlockingCause.OTHER, null, with(main(app("barrier", 1)), sys("membarrier"))),
        new Case("asyncio-await-network", BlockingCause.NETWORK, null, awaiting("network peer (StreamReader.readline)",
            app("build_offer", 44), app("fetch_inventory", 39), std("asyncio/streams.py", "StreamReader.readline", 565))),
        new Case("asyncio-library-tick-idle", BlockingCause.IDLE_SERVER, null, awaiting("sleep (asyncio.sleep)",
            lib("uvicorn/server.py", "Server.serve", 80), lib("uvicorn/server.py", "Server.main_loop", 220),
            std("asyncio/tasks.py", "sleep", 639))),
        new Case("asyncio-await-sleep", BlockingCause.SLEEP, null, awaiting("sleep (asyncio.sleep)",
            app("poll_backend", 12), std("asyncio/tasks.py", "sleep", 665))),
        new Case("asyncio-await-lock", BlockingCause.LOCK, null, awaiting("asyncio.Lock (Lock.acquire)",
            app("record_trade", 48), std("asyncio/locks.py", "Lock.acquire", 113))),
        new Case("asyncio-await-queue-put", BlockingCause.LOCK, null, awaiting("asyncio.Queue (Queue.put)",
            app("produce", 9), std("asyncio/queues.py", "Queue.put", 125))),
        new Case("asyncio-await-queue-get", BlockingCause.OTHER_TASKS, null, awaiting("asyncio.Queue (Queue.get)",
            app("consume", 53), std("asyncio/queues.py", "Queue.get", 158))),
        new Case("asyncio-await-child", BlockingCause.CHILD_PROCESS, null, awaiting("child process (Process.wait)",
            app("convert", 30), std("asyncio/subprocess.py", "Process.wait", 137))),
        new Case("asyncio-await-task", BlockingCause.OTHER_TASKS, null, awaiting("gather", app("fan_out", 61))),
        new Case("asyncio-await-event", BlockingCause.OTHER_TASKS, null, awaiting("asyncio.Event (Event.wait)",
            app("wait_ready", 5), std("asyncio/locks.py", "Event.wait", 213))),
        new Case("asyncio-await-future", BlockingCause.OTHER_TASKS, null, awaiting("a Future", app("rpc_call", 70))));
  }

  /** A task's stack as the sampler records it: event loop, task, coroutine frames, what the innermost awaits. */
  static List<FrameKey> awaiting(String what, FrameKey... coroutines) {
    List<FrameKey> frames = new java.util.ArrayList<>(List.of(AsyncFrames.eventLoop(), AsyncFrames.task("Task-7")));
    frames.addAll(List.of(coroutines));
    return with(frames, AsyncFrames.awaits(what)); // a task's frames start at its coroutine, not at <module>
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classifiesEachRulesStack(Case c) {
    BlockingRules.Blocking blocking = classify(c.frames(), c.source()).orElseThrow();

    assertThat(blocking.rule()).isEqualTo(c.rule());
    assertThat(blocking.cause()).isEqualTo(c.cause());
    assertThat(blocking.detail()).isNotBlank();
  }

  @Test
  void everyRuleInTheTableHasACase() {
    Set<String> tested = cases().map(Case::rule).collect(Collectors.toCollection(TreeSet::new));
    Set<String> table = BlockingRules.RULES.stream().map(BlockingRule::id).collect(Collectors.toCollection(TreeSet::new));

    assertThat(tested).isEqualTo(table);
  }

  @Test
  void ruleIdsAreUnique() {
    assertThat(BlockingRules.RULES.stream().map(BlockingRule::id).distinct().count()).isEqualTo(BlockingRules.RULES.size());
  }

  @Test
  void aGreenletInAMonkeyPatchedLockIsRunningNotWaiting() {
    // gunicorn -k gevent, wall mode: a greenlet seen in threading's (cooperative) RLock.acquire; had
    // it to wait, it would have switched to the hub
    List<FrameKey> greenlet = main(lib("gunicorn/workers/ggevent.py", "GeventWorker.handle", 123),
        lib("django/urls/base.py", "set_urlconf", 134), lib("asgiref/local.py", "Local.__getattr__", 100),
        std("threading.py", "_RLock.acquire", 171));
    assertThat(classify(greenlet, "        self._block.acquire(blocking, timeout)")).isEmpty();
  }

  @Test
  void findsNoWaitInAStackWithoutSystemCallOrWaitingFrame() {
    assertThat(classify(main(app("checksum", 6)), null)).isEmpty();
  }

  @Test
  void reportsAPoolWorkerThatRunsATaskByWhatTheTaskWaitsFor() {
    List<FrameKey> frames = with(thread(std("concurrent/futures/thread.py", "_worker", 92),
        std("concurrent/futures/thread.py", "_WorkItem.run", 58), app("convert", 12), std("subprocess.py", "run", 550),
        std("subprocess.py", "Popen.wait", 1264), std("subprocess.py", "Popen._wait", 2046)), sys("wait4"));

    assertThat(classify(frames, null).orElseThrow().cause()).isEqualTo(BlockingCause.CHILD_PROCESS);
  }

  @Test
  void reportsALockTakenInAThreadsOwnLoopAsContentionNotIdleness() {
    List<FrameKey> frames = with(thread(app("trader", 24)), sys("futex"));

    BlockingRules.Blocking blocking = classify(frames, "with LEDGER_LOCK:").orElseThrow();

    assertThat(blocking.cause()).isEqualTo(BlockingCause.LOCK);
    assertThat(blocking.cause().verdict()).isEqualTo(Verdict.PROBLEM);
  }

  @Test
  void reportsASleepInsideACoroutineAsSleepNotAsAnIdleEventLoop() {
    List<FrameKey> frames = with(main(app("main", 40), std("asyncio/runners.py", "run", 194),
        std("asyncio/base_events.py", "BaseEventLoop.run_forever", 641),
        std("asyncio/base_events.py", "BaseEventLoop._run_once", 1987), std("asyncio/events.py", "Handle._run", 84),
        app("handle_order", 22)), sys("clock_nanosleep"));

    assertThat(classify(frames, null).orElseThrow().cause()).isEqualTo(BlockingCause.SLEEP);
  }

  @Test
  void reportsAQueueGetDeepInRequestCodeAsWaitingNotIdle() {
    List<FrameKey> frames = with(main(app("main", 3), app("handle", 50), std("queue.py", "Queue.get", 180),
        std("threading.py", "Condition.wait", 359)), sys("futex"));

    assertThat(classify(frames, null).orElseThrow().cause().verdict()).isEqualTo(Verdict.WAITING);
  }

  @Test
  void classifiesAWallClockSampleWithoutSystemCallByItsWaitingFrames() {
    List<FrameKey> frames = thread(std("concurrent/futures/thread.py", "_worker", 89));

    assertThat(classify(frames, null).orElseThrow().cause()).isEqualTo(BlockingCause.IDLE_WORKER);
  }

  static java.util.Optional<BlockingRules.Blocking> classify(List<FrameKey> frames, String source) {
    LeafPath path = Stacks.path(frames);
    SourceText sources = new SourceText();
    PathFrame deepest = path.deepestPython();
    if (source != null) {
      sources.put(deepest.frame().file(), deepest.line(), source);
    }
    return BlockingRules.classify(new BlockedStack(path, sources));
  }

  static List<FrameKey> with(List<FrameKey> frames, FrameKey... more) {
    List<FrameKey> out = new ArrayList<>(frames);
    out.addAll(Arrays.asList(more));
    assertThat(out).anyMatch(f -> f.kind() == FrameKind.PYTHON);
    return out;
  }
}
