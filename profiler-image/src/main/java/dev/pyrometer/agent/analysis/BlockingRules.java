package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.BlockingCause.CHILD_PROCESS;
import static dev.pyrometer.agent.analysis.BlockingCause.FILE_IO;
import static dev.pyrometer.agent.analysis.BlockingCause.GIL;
import static dev.pyrometer.agent.analysis.BlockingCause.IDLE_EVENT_LOOP;
import static dev.pyrometer.agent.analysis.BlockingCause.IDLE_SERVER;
import static dev.pyrometer.agent.analysis.BlockingCause.IDLE_WORKER;
import static dev.pyrometer.agent.analysis.BlockingCause.IO_WAIT;
import static dev.pyrometer.agent.analysis.BlockingCause.LOCK;
import static dev.pyrometer.agent.analysis.BlockingCause.NETWORK;
import static dev.pyrometer.agent.analysis.BlockingCause.OTHER;
import static dev.pyrometer.agent.analysis.BlockingCause.OTHER_TASKS;
import static dev.pyrometer.agent.analysis.BlockingCause.OTHER_THREADS;
import static dev.pyrometer.agent.analysis.BlockingCause.SLEEP;
import static dev.pyrometer.agent.analysis.BlockingRule.rule;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The table that turns a blocked stack into a cause. Rules are tried in order and the first match
 * wins, so the specific come before the general: idle loops first (a pool worker waiting on its
 * queue is not lock contention), then what the code waits for (a child, a timer, a peer, a disk),
 * then the bare system call. To teach the analysis a new case, add a line here and a case to
 * {@code BlockingRulesTest}.
 */
public final class BlockingRules {
  private static final String[] POLLING = {"poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2"};
  private static final String[] SLEEPING = {"clock_nanosleep", "nanosleep"};
  private static final String[] SOCKET_IO = {"recvfrom", "recvmsg", "recvmmsg", "recv", "sendto", "sendmsg", "sendmmsg", "send"};
  private static final String[] FILE_CALLS = {
    "fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "open", "openat", "openat2", "creat",
    "stat", "lstat", "fstat", "newfstatat", "statx", "getdents64", "unlink", "unlinkat", "rename",
    "renameat", "renameat2", "mkdir", "mkdirat", "rmdir", "fallocate", "ftruncate", "truncate", "pread64",
    "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2", "copy_file_range", "sendfile", "io_getevents"
  };

  private static final List<String> DATABASE_DRIVERS = List.of(
      "psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql.connector", "pymongo", "redis", "pymemcache",
      "memcache", "cassandra", "elasticsearch", "opensearchpy", "clickhouse_driver", "cx_Oracle",
      "oracledb", "pyodbc", "pymssql", "sqlalchemy", "django.db", "peewee", "kafka", "confluent_kafka", "pika",
      "kombu", "amqp", "nats", "pulsar");
  private static final List<String> HTTP_CLIENTS = List.of(
      "requests", "urllib3", "httpx", "httpcore", "http.client", "urllib.request", "botocore", "boto3",
      "s3transfer", "google.api_core", "google.auth", "googleapiclient", "azure.core", "grpc", "pycurl",
      "xmlrpc.client");
  private static final List<String> NETWORK_MODULES = List.of("socket", "ssl", "ftplib", "smtplib", "poplib", "imaplib");
  private static final List<String> FILE_MODULES = List.of(
      "io", "_pyio", "shutil", "tempfile", "pathlib", "zipfile", "tarfile", "gzip", "bz2", "lzma", "shelve",
      "dbm", "glob", "fileinput", "filecmp", "linecache", "csv", "sqlite3", "mmap");
  private static final List<String> EVENT_LOOP_LIBRARIES = List.of(
      "uvloop", "tornado.ioloop", "twisted.internet", "gevent.hub", "gevent._hub_primitives", "trio._core",
      "eventlet.hubs");

  /** A line that takes a lock: {@code with lock:}, {@code with self._mutex:}, {@code lock.acquire()}. */
  static final Pattern LOCK_LINE =
      Pattern.compile("(?i)(\\bwith\\s+[\\w.\\[\\]'\"()]*(lock|mutex|sem|semaphore|cond|condition)\\w*\\s*[:,]|\\.acquire\\s*\\()");
  static final Pattern SLEEP_LINE = Pattern.compile("\\bsleep\\s*\\(");
  static final Pattern SOCKET_LINE = Pattern.compile("\\.(recv|recv_into|recvfrom|recvmsg|send|sendall|sendto|connect|connect_ex|makefile|urlopen)\\s*\\(|\\burlopen\\s*\\(");
  static final Pattern DNS_LINE = Pattern.compile("\\b(gethostbyname|gethostbyname_ex|gethostbyaddr|getnameinfo|getaddrinfo)\\s*\\(");
  static final Pattern QUEUE_GET_LINE = Pattern.compile("\\.get\\s*\\(");
  static final Pattern SUBPROCESS_LINE =
      Pattern.compile("\\b(stdout|stderr)\\s*\\.\\s*(read|readline|readlines)\\s*\\(|\\bos\\.(system|popen|wait|waitpid|wait3|wait4|waitid)\\s*\\(");
  static final Pattern FILE_LINE = Pattern.compile("\\b(open|read|readline|readlines|write|writelines|flush|fsync|read_text|read_bytes|write_text|write_bytes)\\s*\\(");

  /** The table, in the order rules are tried. */
  static final List<BlockingRule> RULES = List.of(
      // asyncio tasks waiting in their loop (the sampler puts an "awaits ..." marker under the
      // task's coroutine frames): what the innermost await waits for, said by asyncio's own frames.
      rule("asyncio-await-network", NETWORK, "awaits a network peer (a socket read or write through asyncio)",
          s -> s.leafIsMarker("awaits network peer")),
      // a server's own periodic task (uvicorn's main_loop ticks every 0.1 s): not what requests wait for
      rule("asyncio-library-tick-idle", IDLE_SERVER, "a library's background task sleeps between its periodic runs"
          + " (a server's housekeeping loop)", s -> s.leafIsMarker("awaits sleep") && s.path().deepestAppIndex() < 0),
      rule("asyncio-await-sleep", SLEEP, "awaits asyncio.sleep", s -> s.leafIsMarker("awaits sleep")),
      rule("asyncio-await-lock", LOCK, "awaits an asyncio lock held by another task (Lock, Semaphore, Condition)",
          s -> s.leafIsMarker("awaits asyncio.Lock") || s.leafIsMarker("awaits asyncio.Semaphore")
              || s.leafIsMarker("awaits asyncio.Condition")),
      rule("asyncio-await-queue-put", LOCK, "awaits room in a full asyncio.Queue",
          s -> s.leafIsMarker("awaits asyncio.Queue (Queue.put") || s.leafIsMarker("awaits asyncio.Queue (put")),
      rule("asyncio-await-queue-get", OTHER_TASKS, "awaits an item on an asyncio.Queue", s -> s.leafIsMarker("awaits asyncio.Queue")),
      rule("asyncio-await-child", CHILD_PROCESS, "awaits a child process (asyncio.subprocess)",
          s -> s.leafIsMarker("awaits child process")),
      rule("asyncio-await-task", OTHER_TASKS, "awaits other tasks (await task, gather, TaskGroup)",
          s -> s.leafIsMarker("awaits another task") || s.leafIsMarker("awaits gather") || s.leafIsMarker("awaits TaskGroup")),
      rule("asyncio-await-event", OTHER_TASKS, "awaits an asyncio.Event another task sets", s -> s.leafIsMarker("awaits asyncio.Event")),
      rule("asyncio-await-future", OTHER_TASKS, "awaits a Future that another task or a callback completes",
          s -> s.leafIsMarker("awaits ")),
      // Idle: pools, loops and servers with nothing to do. Tried first, since they wait in locks,
      // queues and selectors like the problems below do.
      rule("thread-pool-worker-idle", IDLE_WORKER, "ThreadPoolExecutor workers wait for tasks",
          s -> s.waitsInLoop("concurrent.futures.thread", "_worker")),
      rule("process-pool-worker-idle", IDLE_WORKER, "ProcessPoolExecutor workers wait for tasks",
          s -> s.waitsInLoop("concurrent.futures.process", "_process_worker")),
      rule("multiprocessing-pool-worker-idle", IDLE_WORKER, "multiprocessing.Pool workers wait for tasks",
          s -> s.waitsInLoop("multiprocessing.pool", "worker")),
      rule("pool-housekeeping-idle", IDLE_WORKER, "a pool's housekeeping thread waits for work",
          s -> s.waitsInLoop("multiprocessing.pool", "_handle_workers", "_handle_tasks", "_handle_results")
              || s.waitsInLoop("concurrent.futures.process", "run", "_queue_management_worker", "wait_result_broken_or_wakeup")
              || s.waitsInLoop("multiprocessing.queues", "_feed")),
      // gevent's own machinery: its thread pool's workers park on gevent._threading's lock, and
      // greenlets wait by switching to the hub, so only the hub (or nothing) is on the thread.
      rule("gevent-threadpool-worker-idle", IDLE_WORKER,
          "gevent's thread-pool workers wait for tasks (gevent's own machinery: a lock that is not contended, nothing to fix)",
          s -> s.loopRunsNoAppCode("gevent.threadpool", "run", "_worker")),
      rule("gevent-hub-idle", IDLE_EVENT_LOOP,
          "gevent's hub waits for events: idle, or its greenlets wait on sockets, timers or locks (greenlets that wait are not on the thread's stack)",
          s -> s.loopRunsNoAppCode("gevent.hub", "run") && !s.syscallIn("futex")),
      rule("task-queue-consumer-idle", IDLE_WORKER, "a task-queue consumer (Celery, RQ, Dramatiq) waits for messages",
          s -> s.loopRunsNoAppCode("celery.worker.loops", "asynloop", "synloop")
              || s.loopRunsNoAppCode("billiard.pool", "workloop")
              || s.loopRunsNoAppCode("rq.worker", "dequeue_job_and_maintain_ttl")
              || s.loopRunsNoAppCode("dramatiq.worker", "run")),
      rule("queue-consumer-thread-idle", IDLE_WORKER, "worker threads wait for items on their queue (queue.get in the thread's loop)",
          s -> s.calledFromThreadEntry("queue", "get")
              || (s.waitsInThreadEntry() && s.syscallInOrUnknown("futex") && s.sourceMatches(QUEUE_GET_LINE))),
      rule("asyncio-event-loop-idle", IDLE_EVENT_LOOP,
          "the asyncio event loop waits for I/O or timers (idle, or its coroutines await something: suspended coroutines are not on the thread's stack)",
          s -> s.waitsInLoop("asyncio.base_events", "_run_once") && s.syscallInOrUnknown(POLLING)),
      // A loop written in C (uvloop) shows no _run_once: its Python stack ends in asyncio.run.
      rule("other-event-loop-idle", IDLE_EVENT_LOOP, "an event loop (uvloop, tornado, twisted, gevent, trio) waits for events",
          s -> s.syscallInOrUnknown(POLLING)
              && (deepestInAny(s, EVENT_LOOP_LIBRARIES) || s.deepestIs("asyncio.runners", "run"))),
      rule("socketserver-idle", IDLE_SERVER, "a socketserver / http.server waits for requests",
          s -> s.waitsInLoop("socketserver", "serve_forever")),
      rule("wsgi-server-idle", IDLE_SERVER, "a WSGI server (gunicorn, waitress, werkzeug) waits for requests",
          s -> s.syscallInOrUnknown(POLLING) && (s.deepestInModule("gunicorn") || s.deepestInModule("waitress")
              || s.deepestIs("werkzeug.serving", "serve_forever"))),
      rule("keep-alive-connection-idle", IDLE_SERVER, "a connection handler waits for the client's next request (keep-alive)",
          s -> s.waitsInLoop("http.server", "handle_one_request")),
      rule("accept-idle", IDLE_SERVER, "a server waits for new connections (accept)",
          s -> s.syscallIn("accept", "accept4") || (s.syscall() == null && s.deepestIs("socket", "accept"))),
      rule("signal-wait-idle", IDLE_WORKER, "the thread waits for a signal (signal.pause / sigwait)",
          s -> s.syscallIn("pause", "rt_sigsuspend", "rt_sigtimedwait", "sigwaitinfo")),
      rule("periodic-thread-sleep-idle", IDLE_WORKER, "a background thread sleeps between runs in its own loop",
          s -> s.waitsInThreadEntry() && isSleep(s)),
      rule("main-thread-parked-idle", IDLE_WORKER, "the main thread parks at module level (sleep / Event.wait) while other threads work",
          s -> s.parkedAtModuleLevel() && (isSleep(s) || s.deepestIs("threading", "wait", "wait_for"))),

      // Waiting for other threads: a consequence, the cause is in what those threads do.
      rule("thread-join", OTHER_THREADS, "waits for a thread to finish (Thread.join)",
          s -> s.deepestIs("threading", "join", "_wait_for_tstate_lock")),
      rule("future-result", OTHER_THREADS, "waits for results from a pool (Future.result, as_completed, Pool.map)",
          s -> s.has("concurrent.futures._base", "result", "wait", "as_completed", "_result_or_cancel")
              || s.has("multiprocessing.pool", "get", "wait", "map", "starmap", "apply")),
      rule("queue-get", OTHER_THREADS, "waits for an item another thread puts on a queue (queue.get)",
          s -> s.deepestIs("threading", "wait") && s.has("queue", "get")),
      rule("queue-full", LOCK, "waits for room in a full queue: its consumers are slower than its producers (queue.put)",
          s -> s.has("queue", "put")),
      // threading's only Python-level acquire is Semaphore's (Lock and RLock are C): a limit is reached.
      rule("semaphore", LOCK, "waits for a semaphore: a concurrency limit is reached",
          s -> s.has("threading", "acquire") && !underGevent(s)),
      rule("condition-wait", OTHER_THREADS, "waits to be signalled by another thread (Event / Condition / Barrier)",
          s -> s.deepestIs("threading", "wait", "wait_for")),
      rule("logging-lock", LOCK, "waits for a logging handler's lock: threads log to the same handler",
          s -> s.syscallIn("futex") && s.deepestInModule("logging")),

      // What the code waits for.
      rule("subprocess", CHILD_PROCESS, "waits for a child process to finish or to write its output (subprocess)",
          s -> s.inModule("subprocess") || s.inModule("asyncio.subprocess")),
      rule("multiprocessing-child", CHILD_PROCESS, "waits for a multiprocessing child process",
          s -> s.has("multiprocessing.popen_fork", "wait", "poll") || s.has("multiprocessing.process", "join")),
      rule("child-output-line", CHILD_PROCESS, "waits for a child process or reads its output (at this line)",
          s -> s.syscallInOrUnknown("read", "wait4", "waitid", "poll", "select") && s.sourceMatches(SUBPROCESS_LINE)),
      rule("wait-syscall", CHILD_PROCESS, "waits for a child process (os.system, os.wait*)",
          s -> s.syscallIn("wait4", "waitid", "waitpid")),
      rule("sleep", SLEEP, "sleeps (time.sleep)", BlockingRules::isSleep),
      rule("dns", NETWORK, "resolves a host name (DNS)",
          s -> s.has("socket", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getfqdn")
              || s.sourceMatches(DNS_LINE)),
      new BlockingRule("database-driver", NETWORK,
          s -> firstModule(s, DATABASE_DRIVERS) != null,
          s -> "waits for a database, cache or broker (" + firstModule(s, DATABASE_DRIVERS) + ")"),
      new BlockingRule("http-client", NETWORK,
          s -> firstModule(s, HTTP_CLIENTS) != null,
          s -> "waits for an HTTP or RPC response (" + firstModule(s, HTTP_CLIENTS) + ")"),
      rule("connect", NETWORK, "connects to a server",
          s -> s.syscallIn("connect") || s.has("socket", "create_connection")),
      rule("socket", NETWORK, "reads from or writes to a network peer (socket)",
          s -> s.syscallIn(SOCKET_IO) || s.inAnyModule(NETWORK_MODULES)
              || (s.syscallInOrUnknown(POLLING) && s.sourceMatches(SOCKET_LINE))
              || (s.syscallInOrUnknown("read", "write") && s.sourceMatches(SOCKET_LINE))),
      rule("file-lock", LOCK, "waits for a file lock (flock / fcntl)", s -> s.syscallIn("flock", "fcntl")),
      rule("file-syscall", FILE_IO, "waits for the file system (open, stat, fsync, disk reads and writes)",
          s -> s.syscallIn(FILE_CALLS)),
      rule("file-read-write", FILE_IO, "reads or writes a file",
          s -> s.syscallInOrUnknown("read", "write", "readv", "writev")
              && (s.inAnyModule(FILE_MODULES) || s.sourceMatches(FILE_LINE))),
      rule("pipe-or-terminal", FILE_IO, "reads or writes a file descriptor (a pipe, terminal or file)",
          s -> s.syscallIn("read", "write", "readv", "writev")),

      // Only the system call is left to go by.
      rule("lock-line", LOCK, "waits for a lock taken at this line",
          s -> s.syscallInOrUnknown("futex") && s.sourceMatches(LOCK_LINE) && !underGevent(s)),
      rule("gil", GIL, "waits for the GIL: another thread runs Python code (the line takes no lock)",
          s -> s.syscallIn("futex") && s.sourceKnown()),
      rule("futex", LOCK, "waits on a futex: a lock taken in C code (threading.Lock, with lock:) or the GIL",
          s -> s.syscallIn("futex")),
      rule("selector", IO_WAIT, "waits for a file descriptor to become ready (select / poll / epoll)",
          s -> (s.syscallInOrUnknown(POLLING) && s.inModule("selectors")) || s.syscallIn(POLLING)),
      rule("blocked-outside-syscall", OTHER, "is blocked outside a system call (a page fault, or waiting to be scheduled)",
          s -> s.syscall() == null && s.leafIsMarker("<blocked")),
      new BlockingRule("other-syscall", OTHER, s -> s.syscall() != null, s -> "is blocked in the system call " + s.syscall()));

  private BlockingRules() {}

  /**
   * The first rule that matches, or empty when the stack shows no wait: a CPU sample, or a
   * wall-clock sample without a system call whose frames show no known wait.
   */
  public static Optional<Blocking> classify(BlockedStack stack) {
    for (BlockingRule rule : RULES) {
      if (rule.matches().test(stack)) {
        return Optional.of(new Blocking(rule.cause(), rule.id(), rule.detail().apply(stack)));
      }
    }
    return Optional.empty();
  }

  static boolean isSleep(BlockedStack s) {
    if (s.syscallIn(SLEEPING)) {
      return true;
    }
    // Before 3.11 time.sleep waits in select() with no descriptors; a selector would show frames.
    boolean selectLike = s.syscallInOrUnknown("select", "pselect6");
    return selectLike && !s.inModule("selectors") && (s.sourceMatches(SLEEP_LINE) || (s.syscall() != null && !s.sourceKnown() && s.deepestIsApp()));
  }

  /**
   * A stack run by gevent (its hub, its pool, or a greenlet of a gevent server). Under gevent's
   * monkey-patching, threading's locks are cooperative: a greenlet that must wait switches to the
   * hub and leaves the thread, so a lock frame seen on the thread is code running, not a wait.
   */
  static boolean underGevent(BlockedStack s) {
    return s.inModule("gevent") || s.inModule("gunicorn.workers.ggevent");
  }

  private static boolean deepestInAny(BlockedStack s, List<String> modules) {
    for (String module : modules) {
      if (s.deepestInModule(module)) {
        return true;
      }
    }
    return false;
  }

  /** The outermost frame's module among the listed ones: the library the application called. */
  private static String firstModule(BlockedStack s, List<String> modules) {
    for (PathFrame f : s.path().python()) {
      for (String module : modules) {
        if (f.frame().inModule(module)) {
          return module;
        }
      }
    }
    return null;
  }

  /**
   * The outcome of the table for one stack.
   *
   * @param cause what kind of wait
   * @param rule the id of the rule that matched
   * @param detail what exactly it waits for
   */
  public record Blocking(BlockingCause cause, String rule, String detail) {}
}
