/* A thread that is not Python's: it spins on a CPU and never enters the interpreter, as the
 * native threads of an extension do (a BLAS pool, a gRPC poller). native_thread.py loads it with
 * ctypes; CpuModeAccuracyTest compiles it: cc -O1 -shared -fPIC -pthread. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static clockid_t spinner_clock;
static volatile long spinner_tid;

static void *spin(void *unused) {
  (void) unused;
  pthread_getcpuclockid(pthread_self(), &spinner_clock);
  spinner_tid = syscall(SYS_gettid);
  for (volatile unsigned long x = 0;; x++) {
  }
  return NULL;
}

/* Starts the spinning thread; returns its thread id, -1 if it could not be started. */
long start_spinner(void) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, spin, NULL) != 0) {
    return -1;
  }
  while (spinner_tid == 0) {
    sched_yield();
  }
  return spinner_tid;
}

/* The spinning thread's own CPU time, in seconds. */
double spinner_cpu_seconds(void) {
  struct timespec now;
  clock_gettime(spinner_clock, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}
