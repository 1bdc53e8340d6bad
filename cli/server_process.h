#pragma once
// Device servers that `loom run` starts itself: one `loom serve` child per
// server, on a unix socket in a private temporary directory.
//
// Each child runs in a process group of its own, so that the terminal's
// Ctrl-C and a signal sent to loom's process group (timeout(1)) reach loom
// alone, which then shuts its servers down in order. Children die with their
// parent (PR_SET_PDEATHSIG) and are reaped on exit, so no orphan survives a
// crash, a signal or a failed run. A monitor thread watches every child
// (pidfd) and its output (stdout and stderr, on one pipe): a child that dies
// before the run is over is noticed at once, with how it ended and the last
// line it printed.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

#include "loom/bridge/cpu_bridge.h"

namespace loom::cli {

class LocalServers {
 public:
  LocalServers();
  ~LocalServers();
  LocalServers(const LocalServers&) = delete;
  LocalServers& operator=(const LocalServers&) = delete;

  // Starts a server for `config` (which has no address yet) and sets its
  // address. `extra_args` are appended to its command line.
  void spawn(bridge::ServerConfig& config, const std::vector<std::string>& extra_args);
  // Waits (up to `timeout`) until every spawned server's socket exists, so
  // that the first connection attempt finds it instead of waiting out gRPC's
  // reconnect backoff (~100 ms). Throws std::runtime_error at once if a
  // server ends first (naming how it ended and what it last said). Returns
  // early when `give_up` turns true (a signal).
  void wait_until_listening(std::chrono::milliseconds timeout, const std::function<bool()>& give_up);
  // Every server is connected: what they print from now on is passed on to
  // stderr as it comes (until then it is held, for a start-up failure's
  // one-line report).
  void all_connected();

  // Why a spawned server is gone ("its process (pid 12) exited with status
  // 1: <last line>"), or "" if it is still running or not ours. `settle`:
  // a connection to it just broke, and its exit may take a moment to show.
  std::string explain(const std::string& name, bool settle);
  // A server that ended on its own before the run is over: its one-line
  // report, or "" while every server runs. Thread-safe.
  std::string unexpected_death() const;
  bool any_died() const { return died_.load(std::memory_order_relaxed); }  // cheap: checked every quantum

  // Replaces the process of server `name` by a fresh one (a snapshot from
  // before the server's time loads only into a fresh server): the old one,
  // whose session has ended, is given `grace` to exit and then killed, and
  // its end is expected. Returns the new one's address once it listens, or
  // "" if `name` is not a server this run started. Throws
  // std::runtime_error if the new one ends or does not listen in `timeout`.
  std::string respawn(const std::string& name, std::chrono::milliseconds timeout);

  // Stops every child (it ends by itself after the CPU's shutdown message:
  // SIGKILL after `grace_ms`) and reaps it. Deaths from now on are expected.
  void stop_all(int grace_ms = 1000);
  // For a second signal: SIGKILL to every child and the socket directory
  // removed, without waiting for anything. Thread-safe.
  void kill_now();

  // Largest peak resident memory of the servers reaped so far, in KiB.
  long peak_rss_kib() const { return peak_rss_kib_.load(); }

 private:
  struct Child {
    std::string name;
    pid_t pid = -1;
    int pidfd = -1;
    int output_fd = -1;        // read end of the child's stdout+stderr
    std::string pending;       // a line not yet complete
    std::string last_line;     // the last non-empty line it printed
    std::vector<std::string> held;  // lines printed before all_connected()
    int status = 0;
    bool reaped = false;
    bool replaced = false;  // respawn() put a fresh process in its place: its end is expected
    bridge::ServerConfig config;  // how it was started (for respawn)
    std::vector<std::string> extra_args;
  };
  std::string socket_dir();
  void monitor();
  void read_output(Child& child);
  void take_line(Child& child, std::string line);
  bool reap(Child& child);  // with mutex_ held
  std::string describe(const Child& child) const;

  mutable std::mutex mutex_;
  std::condition_variable reaped_;
  std::vector<std::unique_ptr<Child>> children_;
  std::vector<std::string> sockets_;  // of children_, index for index
  std::string dir_;
  bool connected_ = false;
  bool stopping_ = false;
  std::string death_;  // the first unexpected death's report
  std::atomic<bool> died_{false};
  std::atomic<long> peak_rss_kib_{0};
  int wake_fd_ = -1;  // eventfd: the set of children changed, or the monitor must end
  bool monitor_stop_ = false;
  std::thread monitor_;
};

}  // namespace loom::cli
