#include "connection.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace loom::debug {
namespace {

[[noreturn]] void fail(const GdbAddress& address, const std::string& what) {
  throw std::runtime_error(fmt::format("--gdb {}: {}", address.text, what));
}

// Only a socket nobody listens on any more (left by a run that was killed)
// is replaced: anything else at the path is the user's, and stays.
void remove_stale_socket(const GdbAddress& address, const sockaddr_un& socket_address) {
  struct stat st {};
  if (lstat(address.path.c_str(), &st) != 0) return;
  if (!S_ISSOCK(st.st_mode)) fail(address, "a file that is not a socket is there; not replacing it");
  const int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const bool live =
      probe >= 0 && connect(probe, reinterpret_cast<const sockaddr*>(&socket_address), sizeof socket_address) == 0;
  if (probe >= 0) close(probe);
  if (live) fail(address, "another process is listening there");
  unlink(address.path.c_str());
}

}  // namespace

GdbAddress parse_gdb_address(const std::string& text) {
  GdbAddress address;
  address.text = text;
  if (text.rfind("unix:", 0) == 0) {
    address.kind = GdbAddress::Kind::Unix;
    address.path = text.substr(5);
    if (address.path.empty()) throw GdbAddressError(fmt::format("--gdb {}: expected unix:PATH", text));
    if (address.path.size() >= sizeof(sockaddr_un::sun_path)) {
      throw GdbAddressError(fmt::format("--gdb {}: the path is longer than a unix socket's {} bytes", text,
                                        sizeof(sockaddr_un::sun_path) - 1));
    }
    return address;
  }
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    throw GdbAddressError(fmt::format("--gdb {}: expected :PORT, HOST:PORT or unix:PATH", text));
  }
  address.host = colon == 0 ? "127.0.0.1" : text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 6 || port.find_first_not_of("0123456789") != std::string::npos) {
    throw GdbAddressError(fmt::format("--gdb {}: the port '{}' is not a number", text, port));
  }
  const unsigned long value = std::stoul(port);
  if (value > 65535) throw GdbAddressError(fmt::format("--gdb {}: port {} is out of range (0..65535)", text, value));
  address.port = static_cast<uint16_t>(value);
  return address;
}

Listener::Listener(const GdbAddress& address) {
  if (address.kind == GdbAddress::Kind::Unix) {
    sockaddr_un socket_address{};
    socket_address.sun_family = AF_UNIX;
    std::strncpy(socket_address.sun_path, address.path.c_str(), sizeof socket_address.sun_path - 1);
    remove_stale_socket(address, socket_address);
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) fail(address, std::strerror(errno));
    if (bind(fd_, reinterpret_cast<const sockaddr*>(&socket_address), sizeof socket_address) != 0 ||
        listen(fd_, 1) != 0) {
      const int error = errno;
      close(fd_);
      fail(address, std::strerror(error));
    }
    unix_path_ = address.path;
    description_ = "unix:" + address.path;
    return;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (const int error = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); error != 0) {
    fail(address, fmt::format("cannot resolve '{}': {}", address.host, gai_strerror(error)));
  }
  std::string last_error = "no address";
  for (addrinfo* a = found; a && fd_ < 0; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1) == 0) {
      fd_ = fd;
    } else {
      last_error = std::strerror(errno);
      close(fd);
    }
  }
  freeaddrinfo(found);
  if (fd_ < 0) fail(address, last_error);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  char host[NI_MAXHOST] = "?", service[NI_MAXSERV] = "?";
  getnameinfo(reinterpret_cast<sockaddr*>(&bound), length, host, sizeof host, service, sizeof service,
              NI_NUMERICHOST | NI_NUMERICSERV);
  description_ = bound.ss_family == AF_INET6 ? fmt::format("[{}]:{}", host, service) : fmt::format("{}:{}", host, service);
}

Listener::~Listener() {
  if (fd_ >= 0) close(fd_);
  if (!unix_path_.empty()) unlink(unix_path_.c_str());
}

int Listener::accept_one() {
  const int fd = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) return -1;
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // fails harmlessly on a unix socket
  return fd;
}

Connection::Connection(int fd) : fd_(fd) {}

Connection::~Connection() { close(fd_); }

bool Connection::read_some(int timeout_ms) {
  if (closed_) return false;
  pollfd in{fd_, POLLIN, 0};
  const int ready = poll(&in, 1, timeout_ms);
  if (ready <= 0) return false;
  char buffer[4096];
  const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
  if (n > 0) {
    reader_.feed(std::string_view(buffer, static_cast<size_t>(n)), queue_);
    return true;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
  closed_ = true;  // GDB hung up (or the socket failed)
  return false;
}

bool Connection::take_available() {
  while (read_some(0)) {
  }
  return !closed_;
}

bool Connection::take_interrupt() {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->kind == rsp::Event::Kind::Interrupt) {
      queue_.erase(it);
      return true;
    }
  }
  return false;
}

bool Connection::interrupt_queued() const {
  return std::any_of(queue_.begin(), queue_.end(),
                     [](const rsp::Event& e) { return e.kind == rsp::Event::Kind::Interrupt; });
}

Connection::Wait Connection::next(rsp::Event& event, int timeout_ms) {
  for (;;) {
    while (!queue_.empty()) {
      event = std::move(queue_.front());
      queue_.erase(queue_.begin());
      switch (event.kind) {
        case rsp::Event::Kind::Packet:
          if (acks_ && !write_all("+")) return Wait::Closed;
          return Wait::Event;
        case rsp::Event::Kind::BadPacket:
          if (acks_ && !write_all("-")) return Wait::Closed;
          break;
        case rsp::Event::Kind::Interrupt: return Wait::Event;
        case rsp::Event::Kind::Ack:
        case rsp::Event::Kind::Nack: break;  // late answers to packets already settled
      }
    }
    if (closed_) return Wait::Closed;
    if (!read_some(timeout_ms)) return closed_ ? Wait::Closed : Wait::Timeout;
  }
}

bool Connection::send(std::string_view payload) {
  const std::string packet = rsp::frame(payload);
  for (int attempt = 0; attempt < 8; ++attempt) {
    if (!write_all(packet)) return false;
    if (!acks_) return true;
    // The answer comes before anything else GDB sends about this packet.
    for (;;) {
      const auto acknowledgement = std::find_if(queue_.begin(), queue_.end(), [](const rsp::Event& e) {
        return e.kind == rsp::Event::Kind::Ack || e.kind == rsp::Event::Kind::Nack;
      });
      if (acknowledgement != queue_.end()) {
        const bool ok = acknowledgement->kind == rsp::Event::Kind::Ack;
        queue_.erase(acknowledgement);
        if (ok) return true;
        break;  // `-`: again
      }
      if (!read_some(-1) && closed_) return false;
    }
  }
  return false;
}

bool Connection::write_all(std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EAGAIN) {
      pollfd out{fd_, POLLOUT, 0};
      poll(&out, 1, -1);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      closed_ = true;
      return false;
    }
  }
  return true;
}

ActivityWatcher::ActivityWatcher(std::function<void()> on_activity)
    : on_activity_(std::move(on_activity)), wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wake_fd_ < 0) throw std::runtime_error(fmt::format("gdb: eventfd: {}", std::strerror(errno)));
  thread_ = std::thread([this] { loop(); });
}

ActivityWatcher::~ActivityWatcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
  changed_.notify_all();
  thread_.join();
  close(wake_fd_);
}

void ActivityWatcher::watch(int fd) {
  std::lock_guard<std::mutex> lock(mutex_);
  fd_ = fd;
  fired_ = false;
  changed_.notify_all();
}

bool ActivityWatcher::stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  fd_ = -1;
  const bool fired = fired_;
  fired_ = false;
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);  // out of its poll
  return fired;
}

void ActivityWatcher::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return quit_ || (fd_ >= 0 && !fired_); });
    if (quit_) return;
    const int fd = fd_;
    lock.unlock();
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    poll(fds, 2, -1);
    if (fds[1].revents) {
      uint64_t drained;
      [[maybe_unused]] const ssize_t n = read(wake_fd_, &drained, sizeof drained);
    }
    lock.lock();
    // Still watching the same descriptor: the activity is real.
    if (fd_ == fd && !fired_ && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      fired_ = true;
      on_activity_();
    }
  }
}

}  // namespace loom::debug
