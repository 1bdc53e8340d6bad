#include "terminal.h"

#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace loom::cli {

namespace {

// Only a socket nobody listens on any more (left by a run that was killed)
// is removed: anything else at the path is the user's, and stays.
void remove_stale_socket(const std::string& path, const sockaddr_un& address) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) return;  // nothing there
  if (!S_ISSOCK(st.st_mode)) {
    throw std::runtime_error(fmt::format("--console-socket {}: a file that is not a socket is there; not replacing it",
                                         path));
  }
  const int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const bool live = probe >= 0 && connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  if (probe >= 0) close(probe);
  if (live) throw std::runtime_error(fmt::format("--console-socket {}: another process is listening there", path));
  unlink(path.c_str());
}

}  // namespace

Terminal::Terminal(const std::string& log_path, const std::string& socket_path) : socket_path_(socket_path) {
  stop_fd_ = eventfd(0, EFD_CLOEXEC);
  if (stop_fd_ < 0) throw std::runtime_error("cannot create the terminal's eventfd");
  if (!log_path.empty()) {
    log_.open(log_path, std::ios::binary | std::ios::trunc);
    if (!log_) throw std::runtime_error(fmt::format("cannot write the console log {}", log_path));
  }
  if (!socket_path.empty()) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.size() >= sizeof address.sun_path) {
      throw std::runtime_error(fmt::format("console socket path too long: {}", socket_path));
    }
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    remove_stale_socket(socket_path, address);
    listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listen_fd_, 1) != 0) {
      throw std::runtime_error(fmt::format("cannot listen on the console socket {}", socket_path));
    }
  }
}

Terminal::~Terminal() {
  stop_input();
  if (listen_fd_ >= 0) {
    close(listen_fd_);
    unlink(socket_path_.c_str());
  }
  close(stop_fd_);
}

bool Terminal::wait_readable(int fd) const {
  pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  while (!stopping_.load()) {
    if (poll(fds, 2, -1) < 0) continue;  // EINTR
    if (fds[1].revents) return false;
    if (fds[0].revents) return true;
  }
  return false;
}

void Terminal::console_write(const std::string&, const std::string& bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  std::fflush(stdout);
  if (log_) log_.write(bytes.data(), static_cast<std::streamsize>(bytes.size())).flush();
  const int client = client_fd_.load();
  if (client >= 0 && send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0) {
    // The client went away: its reader thread notices and closes it.
  }
}

// One client at a time; a new one waits until the previous disconnects.
void Terminal::serve_socket(std::function<void(const std::string&)> deliver) {
  char buffer[256];
  while (wait_readable(listen_fd_)) {
    const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    client_fd_.store(client);
    while (wait_readable(client)) {
      const ssize_t n = read(client, buffer, sizeof buffer);
      if (n <= 0) break;
      deliver(std::string(buffer, static_cast<size_t>(n)));
    }
    client_fd_.store(-1);
    close(client);
  }
}

void Terminal::start_input(std::function<void(const std::string&)> deliver) {
  if (listen_fd_ >= 0) socket_thread_ = std::thread([this, deliver] { serve_socket(deliver); });
  if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_) == 0) {
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) restore_ = true;
  }
  reader_ = std::thread([this, deliver = std::move(deliver)] {
    char buffer[256];
    while (wait_readable(STDIN_FILENO)) {
      const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
      if (n <= 0) break;  // end of input: the guest keeps running
      deliver(std::string(buffer, static_cast<size_t>(n)));
    }
    stdin_open_.store(false);
  });
}

void Terminal::stop_input() {
  stopping_.store(true);
  const uint64_t one = 1;
  if (write(stop_fd_, &one, sizeof one) < 0) {
    // Cannot happen for an eventfd below its maximum; the threads would
    // still see stopping_ after their next wake-up.
  }
  if (reader_.joinable()) reader_.join();
  if (socket_thread_.joinable()) socket_thread_.join();
  if (restore_) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    restore_ = false;
  }
}

}  // namespace loom::cli
