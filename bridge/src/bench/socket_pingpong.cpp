// The floor for any socket-based link: two processes bouncing a small
// message over a unix socket pair (blocking reads, no serialisation), the
// same shape as a bridge round trip. bench/shm.sh sets Loom's shared-memory
// and gRPC links beside it.
//
//   loom-socket-pingpong [ROUND_TRIPS]
// prints: raw-socket round trips N p50 X us p99 Y us
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

bool exchange(int fd, char* buffer, size_t size, bool send_first) {
  auto send_all = [&] { return write(fd, buffer, size) == static_cast<ssize_t>(size); };
  auto receive_all = [&] {
    size_t got = 0;
    while (got < size) {
      const ssize_t n = read(fd, buffer + got, size - got);
      if (n <= 0) return false;
      got += static_cast<size_t>(n);
    }
    return true;
  };
  return send_first ? send_all() && receive_all() : receive_all() && send_all();
}

}  // namespace

int main(int argc, char** argv) {
  const int round_trips = argc > 1 ? std::atoi(argv[1]) : 20000;
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return 1;
  char buffer[64] = {};  // about a sync and its answer
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    while (exchange(fds[1], buffer, sizeof buffer, false)) {
    }
    _exit(0);
  }
  close(fds[1]);
  std::vector<double> rtt_us;
  rtt_us.reserve(static_cast<size_t>(round_trips));
  for (int i = 0; i < round_trips + 1000; ++i) {  // the first 1000 warm up
    const auto start = std::chrono::steady_clock::now();
    if (!exchange(fds[0], buffer, sizeof buffer, true)) return 1;
    if (i >= 1000) {
      rtt_us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
  }
  close(fds[0]);
  waitpid(child, nullptr, 0);
  std::sort(rtt_us.begin(), rtt_us.end());
  auto pct = [&](double p) { return rtt_us[static_cast<size_t>(p / 100.0 * (rtt_us.size() - 1))]; };
  fmt::print("raw-socket round trips {} p50 {:.1f} us p99 {:.1f} us\n", rtt_us.size(), pct(50), pct(99));
  return 0;
}
