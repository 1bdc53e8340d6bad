#include "server_process.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace loom::cli {

LocalServers::~LocalServers() {
  stop_all();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string LocalServers::socket_dir() {
  if (dir_.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "loom-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a directory for server sockets");
    dir_ = pattern;
  }
  return dir_;
}

void LocalServers::spawn(bridge::ServerConfig& config, const std::vector<std::string>& extra_args) {
  const std::string socket = fmt::format("{}/{}.sock", socket_dir(), config.name);
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::vector<std::string> args = {self, "serve", "--listen", "unix:" + socket, "--quiet", "--accept-timeout", "30000"};
  if (!config.token.empty()) {
    args.push_back("--token");
    args.push_back(config.token);
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(fmt::format("cannot start server {}: fork failed", config.name));
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
    execv(self.c_str(), argv.data());
    _exit(127);
  }
  children_.push_back({config.name, pid});
  sockets_.push_back(socket);
  config.address = "unix:" + socket;
}

void LocalServers::wait_until_listening(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (size_t i = 0; i < children_.size(); ++i) {
    while (!std::filesystem::exists(sockets_[i]) && !reap(children_[i], false) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

bool LocalServers::reap(Child& child, bool wait) {
  if (child.reaped) return true;
  int status = 0;
  rusage usage{};
  const pid_t r = wait4(child.pid, &status, wait ? 0 : WNOHANG, &usage);
  if (r == child.pid) {
    child.reaped = true;
    child.status = status;
    peak_rss_kib_ = std::max(peak_rss_kib_, usage.ru_maxrss);
  }
  return child.reaped;
}

std::string LocalServers::explain(const std::string& name) {
  for (Child& child : children_) {
    if (child.name != name) continue;
    // A dead peer's socket closes a moment before its exit is visible.
    for (int i = 0; i < 40 && !reap(child, false); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!child.reaped) return "";
    if (WIFSIGNALED(child.status)) {
      return fmt::format("its process (pid {}) was killed by signal {} ({})", child.pid, WTERMSIG(child.status),
                         strsignal(WTERMSIG(child.status)));
    }
    return fmt::format("its process (pid {}) exited with status {}", child.pid, WEXITSTATUS(child.status));
  }
  return "";
}

void LocalServers::stop_all(int grace_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  // Servers end by themselves after the CPU's shutdown message; give them
  // the grace period, then insist.
  for (Child& child : children_) {
    while (!reap(child, false) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (!child.reaped) {
      kill(child.pid, SIGKILL);
      reap(child, true);
    }
  }
}

}  // namespace loom::cli
