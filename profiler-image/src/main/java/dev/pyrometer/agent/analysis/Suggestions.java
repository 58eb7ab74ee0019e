package dev.pyrometer.agent.analysis;

import java.util.Map;

/**
 * The advice table: one short, specific text per blocking rule (falling back to its cause) and per
 * kind of CPU finding. Texts may name {@code {function}} (the application function) and {@code
 * {call}} (what it calls); {@link #fill} puts the finding's names in. To change what Pyrometer
 * advises, edit this table; {@code SuggestionsTest} checks every cause, rule and kind has a text.
 */
public final class Suggestions {
  /** Advice by blocking rule id, where the rule knows more than its cause. */
  static final Map<String, String> BY_RULE = Map.ofEntries(
      Map.entry("dns", "{function} resolves a host name on this path: reuse connections (a Session or connection pool) so names"
          + " are not resolved per request, cache the address, and in Kubernetes use a fully qualified name ending in '.'"
          + " (or lower ndots) so each lookup does not try every search domain first"),
      Map.entry("database-driver", "{function} waits for the database: find the slow query (EXPLAIN), add an index, fetch in"
          + " batches instead of one query per item (N+1), and keep a connection pool"),
      Map.entry("http-client", "{function} waits for a remote service: reuse connections (requests.Session, httpx.Client), set"
          + " timeouts, send independent requests concurrently, and cache responses that do not change"),
      Map.entry("connect", "{function} opens a new connection: reuse connections (pooling, keep-alive) instead of connecting"
          + " per request, and set a connect timeout"),
      Map.entry("socket", "{function} waits for its network peer to answer: set a timeout, make the call concurrent or"
          + " asynchronous so other work proceeds, and check the peer's latency"),
      Map.entry("queue-full", "{function} waits for room in a bounded queue: its consumers are slower than its producers."
          + " Add consumers or make them faster; the bound only protects memory"),
      Map.entry("semaphore", "{function} waits for a semaphore: the concurrency limit is reached. Raise the limit if the"
          + " resource allows, or shorten the work done while holding a slot"),
      Map.entry("logging-lock", "threads serialize on a logging handler's lock: log less on hot paths, or hand records to a"
          + " logging.handlers.QueueHandler so only one thread writes"),
      Map.entry("asyncio-await-network", "{function} awaits a network peer: every request waits for it. Set a timeout"
          + " (asyncio.timeout / wait_for), reuse connections, run independent calls concurrently (gather, TaskGroup),"
          + " and check the latency of the remote side"),
      Map.entry("asyncio-await-sleep", "{function} awaits asyncio.sleep on this path: remove or shorten the sleep; to wait"
          + " for something, await an asyncio.Event or Condition instead of sleeping a fixed time"),
      Map.entry("asyncio-await-lock", "tasks queue on the asyncio lock or semaphore taken by {function}: hold it for less"
          + " time (do not await I/O while holding it), or raise the semaphore's limit if it guards a pool"),
      Map.entry("asyncio-await-queue-get", "{function} awaits an item on an asyncio.Queue: its producers are slower than its"
          + " consumers, or idle; look at what the producing tasks await"),
      Map.entry("asyncio-await-queue-put", "{function} awaits room in a full asyncio.Queue: its consumers are slower than its"
          + " producers; add consumers or make them faster"),
      Map.entry("asyncio-await-child", "{function} awaits a child process: cache its result, run fewer, or replace the"
          + " external command with a library call"),
      Map.entry("file-lock", "{function} waits for a file lock held by another thread or process: hold it for less time,"
          + " or coordinate through a queue instead"),
      Map.entry("thread-join", "this thread waits for other threads to finish: look at the findings of those threads"),
      Map.entry("future-result", "this thread waits for results from a pool: look at what the pool's workers do (their"
          + " findings), and give the pool more workers if they are all busy"),
      Map.entry("gil", "several threads run Python code at once and queue on the GIL: run CPU-bound work in processes"
          + " (ProcessPoolExecutor, multiprocessing) or in native code that releases the GIL (numpy, a C extension)"),
      Map.entry("gevent-hub-idle", "no lock or code to fix here: gevent's hub waits for events. Under load, the requests"
          + " wait on what their greenlets await (a socket, a timer, a gevent lock): those greenlets are on no thread's"
          + " stack while they wait, so time the calls they make (an upstream's latency, a pool's size) or profile"
          + " --mode cpu to see the work they do when they run"),
      Map.entry("gevent-threadpool-worker-idle", "no action needed: gevent's own thread pool (DNS resolution, blocking"
          + " calls handed to threads) waits for tasks on a lock that is not contended"),
      Map.entry("futex", "{function} waits on a futex: if it takes a lock here, hold that lock for less time; if several"
          + " threads run Python code at once, they queue on the GIL and processes would scale better"));

  /** Advice by cause, when the rule has none of its own. */
  static final Map<BlockingCause, String> BY_CAUSE = Map.ofEntries(
      Map.entry(BlockingCause.CHILD_PROCESS, "{function} waits for a child process ({call}) each time it runs: run it"
          + " asynchronously (asyncio.create_subprocess_exec or a worker pool), cache its result, or replace the"
          + " external command with a library call"),
      Map.entry(BlockingCause.SLEEP, "{function} sleeps on this path: remove or shorten the sleep; to wait for something,"
          + " wait on an Event or Condition (or poll with backoff) instead of sleeping a fixed time"),
      Map.entry(BlockingCause.NETWORK, "{function} waits for the network: set timeouts, reuse connections, make independent"
          + " calls concurrently, and check the latency of the remote side"),
      Map.entry(BlockingCause.FILE_IO, "{function} waits for file I/O: do it less often or off the request path (buffer writes,"
          + " avoid an fsync per record, cache file contents, or move it to a background thread)"),
      Map.entry(BlockingCause.LOCK, "threads queue on the lock taken by {function}: hold it for less time (move I/O, sleeps"
          + " and heavy computation out of the critical section), split it into finer locks, or share less state"),
      Map.entry(BlockingCause.GIL, BY_RULE.get("gil")),
      Map.entry(BlockingCause.IO_WAIT, "{function} waits for a file descriptor to become ready: find which socket or pipe it"
          + " waits for, set a timeout, or make the wait asynchronous"),
      Map.entry(BlockingCause.OTHER, "{function} is blocked in a system call: look at what {call} does at this line"),
      Map.entry(BlockingCause.OTHER_THREADS, "this thread waits for other threads: the cause is in what those threads do"),
      Map.entry(BlockingCause.OTHER_TASKS, "this task waits for other tasks: the cause is in what those tasks await (their"
          + " findings)"),
      Map.entry(BlockingCause.IDLE_WORKER, "no action needed: the workers have no work. To find what slows requests,"
          + " profile again while the service is under load"),
      Map.entry(BlockingCause.IDLE_EVENT_LOOP, "no action needed if the service had no load. Under load, an event loop"
          + " that waits means its coroutines await I/O: look at what they await (async-aware tools such as"
          + " asyncio's task dump), since suspended coroutines are not on the thread's stack"),
      Map.entry(BlockingCause.IDLE_SERVER, "no action needed: the server waits for clients. Profile again under load to"
          + " see what requests wait for"));

  /** Advice for CPU findings, by finding kind. */
  static final Map<String, String> BY_CPU_KIND = Map.of(
      CpuKinds.HOT_FUNCTION, "{function} runs its own code most of this time: look at the loop around this line — do less"
          + " per item, move invariant work out of the loop, use built-ins (sum, sorted, str.join, set lookups) or a"
          + " vectorised library, or cache results (functools.lru_cache)",
      CpuKinds.LIBRARY_CALL, "the time is inside {call}, called from {function}: call it less often (batch, cache its"
          + " results), give it less data, or look for a faster API or a compiled alternative",
      CpuKinds.STDLIB_CALL, "the time is inside {call}, called from {function}: call it less often (batch, cache its"
          + " results) or give it less data",
      CpuKinds.NO_APP_CODE, "no application frame is on this path: it is a library or interpreter thread's own work;"
          + " check how it is configured (interval, batch size) and whether it is needed");

  /** Said of blocking calls under a running asyncio loop: the whole loop stops with them. */
  static final String BLOCKS_EVENT_LOOP = "This call blocks the asyncio event loop, so every other coroutine waits"
      + " with it: use an async API (await asyncio.sleep, asyncio.create_subprocess_exec, an async client) or"
      + " loop.run_in_executor.";

  private Suggestions() {}

  static String forBlocking(BlockingRules.Blocking blocking) {
    String text = BY_RULE.get(blocking.rule());
    return text != null ? text : BY_CAUSE.get(blocking.cause());
  }

  static String forCpu(String kind) {
    return BY_CPU_KIND.get(kind);
  }

  /** Puts the finding's names into a text; an unknown call reads as "the call at this line". */
  static String fill(String template, String function, String call) {
    return template
        .replace("{function}", function == null ? "this code" : function)
        .replace("{call}", call == null ? "the call at this line" : call);
  }
}
