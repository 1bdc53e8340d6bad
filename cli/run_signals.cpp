#include "run_signals.h"

#include <csignal>
#include <cstring>

#include <pthread.h>
#include <unistd.h>

namespace loom::cli {
namespace {

constexpr int kEnding[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

sigset_t handled_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kEnding) sigaddset(&set, sig);
  sigaddset(&set, SIGTSTP);
  sigaddset(&set, SIGCONT);
  return set;
}

}  // namespace

RunSignals::RunSignals() {
  const sigset_t set = handled_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  thread_ = std::thread([this] { wait_loop(); });
}

RunSignals::~RunSignals() {
  stopping_.store(true);
  // SIGCONT to a running process does nothing but wake the waiting thread.
  pthread_kill(thread_.native_handle(), SIGCONT);
  thread_.join();
  // The signals stay blocked: the process is about to exit, and one that
  // arrives now must not kill it before it reports its status.
}

void RunSignals::set_handlers(Handlers handlers) {
  std::lock_guard<std::mutex> lock(mutex_);
  handlers_ = std::move(handlers);
}

std::string RunSignals::name(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

void RunSignals::wait_loop() {
  const sigset_t set = handled_set();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (stopping_.load()) return;
    Handlers handlers;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      handlers = handlers_;
    }
    if (sig == SIGTSTP) {
      if (handlers.suspending) handlers.suspending();
      kill(getpid(), SIGSTOP);  // SIGCONT follows when the shell resumes the job
    } else if (sig == SIGCONT) {
      if (handlers.continued) handlers.continued();
    } else {
      int none = 0;
      if (received_.compare_exchange_strong(none, sig)) continue;
      if (handlers.stop_now) handlers.stop_now(sig);
      _exit(128 + sig);  // nothing started yet that needs cleaning up
    }
  }
}

}  // namespace loom::cli
