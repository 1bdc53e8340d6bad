#include "terminal.h"

#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

#include <poll.h>
#include <unistd.h>

namespace loom::cli {

Terminal::Terminal(const std::string& log_path) {
  if (!log_path.empty()) {
    log_.open(log_path, std::ios::binary | std::ios::trunc);
    if (!log_) throw std::runtime_error(fmt::format("cannot write the console log {}", log_path));
  }
}

Terminal::~Terminal() { stop_input(); }

void Terminal::console_write(const std::string&, const std::string& bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  std::fflush(stdout);
  if (log_) log_.write(bytes.data(), static_cast<std::streamsize>(bytes.size())).flush();
}

void Terminal::start_input(std::function<void(const std::string&)> deliver) {
  if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_) == 0) {
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) restore_ = true;
  }
  reader_ = std::thread([this, deliver = std::move(deliver)] {
    char buffer[256];
    while (!stopping_.load()) {
      pollfd fd{STDIN_FILENO, POLLIN, 0};
      const int ready = poll(&fd, 1, 100);
      if (ready <= 0) continue;
      const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
      if (n <= 0) break;  // end of input: the guest keeps running
      deliver(std::string(buffer, static_cast<size_t>(n)));
    }
  });
}

void Terminal::stop_input() {
  stopping_.store(true);
  if (reader_.joinable()) reader_.join();
  if (restore_) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    restore_ = false;
  }
}

}  // namespace loom::cli
