#pragma once
// The signals of a `loom run`, handled on a thread of its own (sigwait), so
// that no handler runs inside the simulation and every thread sees them
// the same way:
//  - SIGINT, SIGTERM, SIGHUP, SIGQUIT end the run: the first is recorded and
//    the run stops between quanta through its normal teardown (terminal
//    restored, servers shut down, temporary files removed), then exits
//    128 + the signal. A second one (an impatient Ctrl-C) ends the process
//    at once, after the same cleanup done without waiting for anything.
//  - SIGTSTP (Ctrl-Z) gives the terminal back its own mode, then stops the
//    process; SIGCONT puts the console's mode back.
// SIGPIPE is ignored: a write to a reader that went away fails instead, and
// the run ends with 128 + SIGPIPE.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace loom::cli {

class RunSignals {
 public:
  struct Handlers {
    std::function<void(int signal)> stop_now;  // the second ending signal; must not return
    std::function<void()> suspending;          // before Ctrl-Z stops the process
    std::function<void()> continued;           // after SIGCONT
  };
  // Blocks the signals in the calling thread, and so in every thread it
  // starts afterwards: construct before any other thread exists. Spawned
  // processes must unblock them (server_process.cpp does).
  RunSignals();
  ~RunSignals();
  RunSignals(const RunSignals&) = delete;
  RunSignals& operator=(const RunSignals&) = delete;

  void set_handlers(Handlers handlers);
  // The first ending signal received, or 0.
  int received() const { return received_.load(); }
  // "SIGTERM": for the one-line message.
  static std::string name(int signal);

 private:
  void wait_loop();
  std::atomic<int> received_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  Handlers handlers_;
  std::thread thread_;
};

}  // namespace loom::cli
