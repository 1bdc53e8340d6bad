#include "server_process.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "loom/log/log.h"

namespace loom::cli {
namespace {

constexpr size_t kMaxHeldLines = 100;

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_server(pid_t parent, int output_fd, const char* path, char* const argv[]) {
  setpgid(0, 0);  // not in loom's group: the terminal's and the group's signals are loom's to handle
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  // loom blocks and ignores signals it handles itself; a server starts clean.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT}) signal(sig, SIG_DFL);
  // A server never reads the terminal (in a background group it would be
  // stopped), and what it prints is not the guest's console.
  const int null = open("/dev/null", O_RDONLY);
  if (null >= 0) dup2(null, STDIN_FILENO);
  dup2(output_fd, STDOUT_FILENO);
  dup2(output_fd, STDERR_FILENO);
  execv(path, argv);
  _exit(127);
}

}  // namespace

LocalServers::LocalServers() {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw std::runtime_error("cannot create an eventfd to watch the device servers");
}

LocalServers::~LocalServers() {
  stop_all();
  if (monitor_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      monitor_stop_ = true;
    }
    const uint64_t one = 1;
    if (write(wake_fd_, &one, sizeof one) < 0) {
      // An eventfd below its maximum always takes the write.
    }
    monitor_.join();
  }
  for (auto& child : children_) {
    if (child->pidfd >= 0) close(child->pidfd);
    if (child->output_fd >= 0) close(child->output_fd);
  }
  close(wake_fd_);
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
  size_t generation = 0;  // a respawned server listens on a socket of its own
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& child : children_) generation += child->name == config.name;
  }
  const std::string socket = generation == 0 ? fmt::format("{}/{}.sock", socket_dir(), config.name)
                                             : fmt::format("{}/{}.{}.sock", socket_dir(), config.name, generation);
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

  int output[2];
  if (pipe2(output, O_CLOEXEC) != 0) throw std::runtime_error(fmt::format("cannot start server {}: pipe failed", config.name));
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(output[0]);
    close(output[1]);
    throw std::runtime_error(fmt::format("cannot start server {}: fork failed", config.name));
  }
  if (pid == 0) exec_server(parent, output[1], self.c_str(), argv.data());
  setpgid(pid, pid);  // also here: no signal to loom's group may reach it before the child's own call
  close(output[1]);
  fcntl(output[0], F_SETFL, O_NONBLOCK);

  auto child = std::make_unique<Child>();
  child->name = config.name;
  child->pid = pid;
  child->pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  child->output_fd = output[0];
  child->config = config;
  child->config.address = "unix:" + socket;
  child->extra_args = extra_args;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    children_.push_back(std::move(child));
    sockets_.push_back(socket);
  }
  if (!monitor_.joinable()) {
    monitor_ = std::thread([this] { monitor(); });
  } else {
    const uint64_t one = 1;
    if (write(wake_fd_, &one, sizeof one) < 0) {
      // An eventfd below its maximum always takes the write.
    }
  }
  config.address = "unix:" + socket;
}

void LocalServers::monitor() {
  std::vector<pollfd> fds;
  std::vector<Child*> owners;  // fds[i + 1] belongs to owners[i]
  for (;;) {
    fds.assign(1, pollfd{wake_fd_, POLLIN, 0});
    owners.clear();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (monitor_stop_) return;
      for (auto& child : children_) {
        if (child->output_fd >= 0) {
          fds.push_back({child->output_fd, POLLIN, 0});
          owners.push_back(child.get());
        }
        if (!child->reaped && child->pidfd >= 0) {
          fds.push_back({child->pidfd, POLLIN, 0});
          owners.push_back(child.get());
        }
      }
    }
    if (poll(fds.data(), fds.size(), -1) < 0) continue;  // EINTR
    std::lock_guard<std::mutex> lock(mutex_);
    if (fds[0].revents) {
      uint64_t count;
      if (read(wake_fd_, &count, sizeof count) < 0) {
        // Nothing to read: another wake-up took it.
      }
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (!fds[i].revents) continue;
      Child& child = *owners[i - 1];
      if (fds[i].fd == child.output_fd) {
        read_output(child);
        // Without a pidfd (kernels before 5.3), the end of its output is the end of the child.
        if (child.output_fd < 0 && child.pidfd < 0) {
          siginfo_t info{};
          waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED | WNOWAIT);
          reap(child);
        }
      } else {
        read_output(child);  // its last words are in the pipe already
        reap(child);
      }
    }
  }
}

void LocalServers::read_output(Child& child) {
  char buffer[4096];
  while (child.output_fd >= 0) {
    const ssize_t n = read(child.output_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // EAGAIN: all read
    if (n == 0) {
      close(child.output_fd);
      child.output_fd = -1;
      if (!child.pending.empty()) take_line(child, std::move(child.pending));
      child.pending.clear();
      return;
    }
    child.pending.append(buffer, static_cast<size_t>(n));
    for (size_t end; (end = child.pending.find('\n')) != std::string::npos;) {
      std::string line = child.pending.substr(0, end);
      child.pending.erase(0, end + 1);
      take_line(child, std::move(line));
    }
  }
}

void LocalServers::take_line(Child& child, std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return;
  child.last_line = line;
  if (connected_) {
    log::relay(line);
  } else if (child.held.size() < kMaxHeldLines) {
    child.held.push_back(std::move(line));
  }
}

bool LocalServers::reap(Child& child) {
  if (child.reaped) return true;
  int status = 0;
  rusage usage{};
  if (wait4(child.pid, &status, WNOHANG, &usage) != child.pid) return false;
  child.reaped = true;
  child.status = status;
  if (child.pidfd >= 0) {
    close(child.pidfd);
    child.pidfd = -1;
  }
  if (usage.ru_maxrss > peak_rss_kib_.load()) peak_rss_kib_.store(usage.ru_maxrss);
  if (!stopping_ && !child.replaced && death_.empty()) {
    death_ = fmt::format("server {}: {}", child.name, describe(child));
    died_.store(true);
  }
  reaped_.notify_all();
  return true;
}

std::string LocalServers::describe(const Child& child) const {
  std::string how =
      WIFSIGNALED(child.status)
          ? fmt::format("its process (pid {}) was killed by signal {} ({})", child.pid, WTERMSIG(child.status),
                        strsignal(WTERMSIG(child.status)))
          : fmt::format("its process (pid {}) exited with status {}", child.pid, WEXITSTATUS(child.status));
  if (!child.last_line.empty()) how += fmt::format(" after printing \"{}\"", child.last_line);
  return how;
}

void LocalServers::wait_until_listening(std::chrono::milliseconds timeout, const std::function<bool()>& give_up) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  for (size_t i = 0; i < children_.size(); ++i) {
    while (!std::filesystem::exists(sockets_[i])) {
      if (children_[i]->reaped) {
        throw std::runtime_error(fmt::format("server {}: {} before it was listening", children_[i]->name,
                                             describe(*children_[i])));
      }
      if (give_up() || std::chrono::steady_clock::now() >= deadline) return;
      // Woken at once by a death; the socket's appearance is polled.
      reaped_.wait_for(lock, std::chrono::milliseconds(1));
    }
  }
}

void LocalServers::all_connected() {
  std::lock_guard<std::mutex> lock(mutex_);
  connected_ = true;
  for (auto& child : children_) {
    for (const std::string& line : child->held) log::relay(line);
    child->held.clear();
  }
}

std::string LocalServers::explain(const std::string& name, bool settle) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (auto it = children_.rbegin(); it != children_.rend(); ++it) {  // the newest process of that name
    auto& child = *it;
    if (child->name != name) continue;
    // A dead peer's socket closes a moment before its exit is visible.
    if (settle) reaped_.wait_for(lock, std::chrono::milliseconds(200), [&] { return child->reaped; });
    return child->reaped ? describe(*child) : "";
  }
  return "";
}

std::string LocalServers::unexpected_death() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return death_;
}

std::string LocalServers::respawn(const std::string& name, std::chrono::milliseconds timeout) {
  bridge::ServerConfig config;
  std::vector<std::string> extra_args;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    Child* old = nullptr;
    for (auto& child : children_)
      if (child->name == name && !child->replaced) old = child.get();
    if (!old) return {};
    old->replaced = true;
    constexpr auto kGrace = std::chrono::milliseconds(1000);
    if (!reaped_.wait_for(lock, kGrace, [&] { return reap(*old); })) {
      kill(old->pid, SIGKILL);
      while (!reap(*old)) reaped_.wait_for(lock, std::chrono::milliseconds(5));
    }
    config = old->config;
    extra_args = old->extra_args;
  }
  config.address.clear();
  spawn(config, extra_args);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  Child& fresh = *children_.back();
  const std::string socket = sockets_.back();
  while (!std::filesystem::exists(socket)) {
    if (fresh.reaped) {
      throw std::runtime_error(fmt::format("server {}: {} before it was listening", name, describe(fresh)));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error(fmt::format("server {}: a fresh process was not listening within {} ms", name,
                                           timeout.count()));
    }
    reaped_.wait_for(lock, std::chrono::milliseconds(1));
  }
  return config.address;
}

void LocalServers::stop_all(int grace_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_ = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  // Servers end by themselves after the CPU's shutdown message; give them
  // the grace period, then insist.
  for (auto& child : children_) {
    if (reaped_.wait_until(lock, deadline, [&] { return reap(*child); })) continue;
    kill(child->pid, SIGKILL);
    while (!reap(*child)) reaped_.wait_for(lock, std::chrono::milliseconds(5));
  }
}

void LocalServers::kill_now() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
  for (auto& child : children_)
    if (!child->reaped) kill(child->pid, SIGKILL);
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

}  // namespace loom::cli
