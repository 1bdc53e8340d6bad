#pragma once
// The terminal side of the guest console: output from console devices goes
// to stdout (and optionally a log file); keys typed on stdin go to the
// console device. On a TTY the terminal is put in non-canonical, no-echo
// mode (the guest echoes) with signals kept, so Ctrl-C still ends the run;
// the mode is restored on exit.

#include <atomic>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include <termios.h>

#include "loom/bridge/cpu_bridge.h"

namespace loom::cli {

class Terminal final : public bridge::ConsoleSink {
 public:
  // `log_path`: also append output there. `socket_path`: also serve the
  // console on a unix socket (one client at a time: it sees the output and
  // its input goes to the guest like typed keys).
  Terminal(const std::string& log_path, const std::string& socket_path);
  ~Terminal() override;
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  void console_write(const std::string& device, const std::string& bytes) override;

  // Reads stdin on a thread of its own and hands what it reads to `deliver`.
  void start_input(std::function<void(const std::string&)> deliver);
  // Can anything still be typed: stdin not at its end, or a console socket?
  bool input_possible() const { return stdin_open_.load() || listen_fd_ >= 0; }
  void stop_input();

 private:
  void serve_socket(std::function<void(const std::string&)> deliver);
  // Waits until `fd` is readable (true) or stop_input was called (false).
  bool wait_readable(int fd) const;

  std::ofstream log_;
  std::string socket_path_;
  int listen_fd_ = -1;
  std::atomic<int> client_fd_{-1};
  std::thread socket_thread_;
  std::thread reader_;
  std::atomic<bool> stopping_{false};
  // Readable once stop_input is called: wakes the threads' poll at once
  // (the run ends without waiting for a poll timeout).
  int stop_fd_ = -1;
  bool restore_ = false;
  termios saved_{};
  std::atomic<bool> stdin_open_{true};
};

}  // namespace loom::cli
