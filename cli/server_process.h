#pragma once
// Device servers that `loom run` starts itself: one `loom serve` child per
// server, on a unix socket in a private temporary directory. Children die
// with their parent (PR_SET_PDEATHSIG) and are reaped on exit, so no orphan
// survives a crash, a Ctrl-C or a failed run.

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

#include "loom/bridge/cpu_bridge.h"

namespace loom::cli {

class LocalServers {
 public:
  LocalServers() = default;
  ~LocalServers();
  LocalServers(const LocalServers&) = delete;
  LocalServers& operator=(const LocalServers&) = delete;

  // Starts a server for `config` (which has no address yet) and sets its
  // address. `extra_args` are appended to its command line.
  void spawn(bridge::ServerConfig& config, const std::vector<std::string>& extra_args);
  // Waits (up to `timeout`) until every spawned server's socket exists or
  // the server is gone, so that the first connection attempt finds it
  // instead of waiting out gRPC's reconnect backoff (~100 ms).
  void wait_until_listening(std::chrono::milliseconds timeout);

  // Why a spawned server is gone ("exited with status 1", "killed by signal
  // 9"), or "" if it is still running or not ours.
  std::string explain(const std::string& name);

  // Stops every child (SIGTERM, then SIGKILL after `grace_ms`) and reaps it.
  void stop_all(int grace_ms = 1000);

  // Largest peak resident memory of the servers reaped so far, in KiB.
  long peak_rss_kib() const { return peak_rss_kib_; }

 private:
  struct Child {
    std::string name;
    pid_t pid;
    int status = 0;
    bool reaped = false;
  };
  std::string socket_dir();
  bool reap(Child& child, bool wait);
  std::vector<Child> children_;
  std::vector<std::string> sockets_;  // of children_, index for index
  std::string dir_;
  long peak_rss_kib_ = 0;
};

}  // namespace loom::cli
