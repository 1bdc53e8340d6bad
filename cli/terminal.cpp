#include "terminal.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
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

// Writes every byte (0) or says why not (errno).
int write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n >= 0) {
      done += static_cast<size_t>(n);
    } else if (errno == EAGAIN) {
      pollfd out{fd, POLLOUT, 0};
      poll(&out, 1, -1);
    } else if (errno != EINTR) {
      return errno;
    }
  }
  return 0;
}

}  // namespace

// Buffers the HTIF console's bytes (HTIF flushes at each newline) and hands
// them to console_write.
class Terminal::HtifBuffer final : public std::streambuf {
 public:
  explicit HtifBuffer(Terminal& terminal) : terminal_(terminal) { setp(buffer_, buffer_ + sizeof buffer_); }

 protected:
  int_type overflow(int_type c) override {
    sync();
    if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  int sync() override {
    if (pptr() != pbase()) terminal_.console_write("htif", std::string(pbase(), pptr()));
    setp(buffer_, buffer_ + sizeof buffer_);
    return 0;
  }

 private:
  Terminal& terminal_;
  char buffer_[1024];
};

Terminal::Terminal() : htif_buffer_(std::make_unique<HtifBuffer>(*this)), htif_(htif_buffer_.get()) {
  stop_fd_ = eventfd(0, EFD_CLOEXEC);
  if (stop_fd_ < 0) throw std::runtime_error("cannot create the terminal's eventfd");
}

void Terminal::open_outputs(const std::string& log_path, const std::string& socket_path) {
  struct stat out {};
  if (fstat(STDOUT_FILENO, &out) == 0 && (S_ISFIFO(out.st_mode) || S_ISSOCK(out.st_mode))) {
    output_watch_ = std::thread([this] { watch_output_reader(); });
  }
  if (!log_path.empty()) {
    log_fd_ = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (log_fd_ < 0) {
      throw std::runtime_error(fmt::format("--console-log {}: cannot write it: {}", log_path, std::strerror(errno)));
    }
    log_path_ = log_path;
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
    socket_path_ = socket_path;
  }
}

Terminal::~Terminal() {
  stop_input();
  if (listen_fd_ >= 0) {
    close(listen_fd_);
    unlink(socket_path_.c_str());
  }
  if (log_fd_ >= 0) close(log_fd_);
  close(stop_fd_);
}

void Terminal::record_fault(OutputFault fault, const std::string& message) {
  std::lock_guard<std::mutex> lock(fault_mutex_);  // the output watcher may record one too
  if (fault_.load() != OutputFault::None) return;  // the first one is the cause
  fault_message_ = message;
  fault_.store(fault);
}

std::string Terminal::output_fault_message() const { return fault_.load() == OutputFault::None ? "" : fault_message_; }

void Terminal::watch_output_reader() {
  // No events asked for: a pipe reports POLLERR, a socket POLLHUP, once
  // nobody can read what is written.
  pollfd fds[2] = {{STDOUT_FILENO, 0, 0}, {stop_fd_, POLLIN, 0}};
  while (!stopping_.load()) {
    if (poll(fds, 2, -1) < 0) continue;  // EINTR
    if (fds[1].revents) return;
    if (fds[0].revents & (POLLERR | POLLHUP)) {
      record_fault(OutputFault::ReaderGone, "the console's reader went away (broken pipe)");
      return;
    }
  }
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
  if (stdout_ok_) {
    if (const int error = write_all(STDOUT_FILENO, bytes)) {
      stdout_ok_ = false;
      if (error == EPIPE) {
        record_fault(OutputFault::ReaderGone, "the console's reader went away (broken pipe)");
      } else {
        record_fault(OutputFault::WriteFailed,
                     fmt::format("the console output on stdout is incomplete: {}", std::strerror(error)));
      }
    }
  }
  if (log_fd_ >= 0) {
    if (const int error = write_all(log_fd_, bytes)) {
      close(log_fd_);
      log_fd_ = -1;
      record_fault(OutputFault::WriteFailed,
                   fmt::format("--console-log {} is incomplete: {}", log_path_, std::strerror(error)));
    }
  }
  const int client = client_fd_.load();
  if (client >= 0 && send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0) {
    // The client went away: its reader thread notices and closes it.
  }
}

void Terminal::finish_output() {
  htif_.flush();
  if (log_fd_ >= 0) {
    const int closed = close(log_fd_);
    log_fd_ = -1;
    if (closed != 0) {
      record_fault(OutputFault::WriteFailed,
                   fmt::format("--console-log {} is incomplete: {}", log_path_, std::strerror(errno)));
    }
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
  {
    std::lock_guard<std::mutex> lock(mode_mutex_);
    console_mode_ = true;
  }
  resume_mode();
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
  if (output_watch_.joinable()) output_watch_.join();
  suspend_mode();
}

void Terminal::suspend_mode() {
  std::lock_guard<std::mutex> lock(mode_mutex_);
  if (!raw_) return;
  tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  raw_ = false;
}

void Terminal::resume_mode() {
  std::lock_guard<std::mutex> lock(mode_mutex_);
  if (raw_ || !console_mode_ || stopping_.load() || !isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
  termios raw = saved_;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  raw_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
}

}  // namespace loom::cli
