#pragma once
// The terminal side of the guest console: output from console devices goes
// to stdout (and optionally a log file and a socket); keys typed on stdin go
// to the console device. A write that fails (a full disk, a reader that went
// away) is recorded, never ignored: the run ends and says which output is
// incomplete. On a TTY the terminal is put in non-canonical, no-echo
// mode (the guest echoes) with signals kept, so Ctrl-C still ends the run;
// the mode is restored on exit.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include <termios.h>

#include "loom/bridge/cpu_bridge.h"

namespace loom::cli {

class Terminal final : public bridge::ConsoleSink {
 public:
  Terminal();
  ~Terminal() override;
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  // `log_path`: also write output there. `socket_path`: also serve the
  // console on a unix socket (one client at a time: it sees the output and
  // its input goes to the guest like typed keys). Called once the paths are
  // known not to be any of the run's inputs.
  void open_outputs(const std::string& log_path, const std::string& socket_path);

  void console_write(const std::string& device, const std::string& bytes) override;
  // The bare platform's HTIF console: a stream that ends in console_write.
  std::ostream& htif_console() { return htif_; }

  // Whether every byte reached every output so far.
  enum class OutputFault { None, ReaderGone, WriteFailed };
  OutputFault output_fault() const { return fault_.load(); }
  // One line: which output is incomplete and why.
  std::string output_fault_message() const;
  // Flushes what is buffered and closes the log; a failure there is an
  // output fault too. Once, at the end of the run.
  void finish_output();

  // Reads stdin on a thread of its own and hands what it reads to `deliver`.
  void start_input(std::function<void(const std::string&)> deliver);
  // Can anything still be typed: stdin not at its end, or a console socket?
  bool input_possible() const { return stdin_open_.load() || listen_fd_ >= 0; }
  void stop_input();
  // Ctrl-Z: the terminal's own mode while loom is stopped, the console's
  // again once it continues. Thread-safe.
  void suspend_mode();
  void resume_mode();

 private:
  class HtifBuffer;
  void serve_socket(std::function<void(const std::string&)> deliver);
  // stdout is a pipe or socket: notice its reader going away while the
  // guest writes nothing (an idle shell behind `| head`), not only at the
  // next write.
  void watch_output_reader();
  // Waits until `fd` is readable (true) or stop_input was called (false).
  bool wait_readable(int fd) const;
  void record_fault(OutputFault fault, const std::string& message);

  std::unique_ptr<HtifBuffer> htif_buffer_;
  std::ostream htif_;
  int log_fd_ = -1;
  std::string log_path_;
  bool stdout_ok_ = true;
  std::atomic<OutputFault> fault_{OutputFault::None};
  std::mutex fault_mutex_;
  std::string fault_message_;  // set once, before fault_ is published
  std::string socket_path_;
  int listen_fd_ = -1;
  std::atomic<int> client_fd_{-1};
  std::thread socket_thread_;
  std::thread reader_;
  std::thread output_watch_;
  std::atomic<bool> stopping_{false};
  // Readable once stop_input is called: wakes the threads' poll at once
  // (the run ends without waiting for a poll timeout).
  int stop_fd_ = -1;
  std::mutex mode_mutex_;
  bool console_mode_ = false;  // input started: the console's mode is wanted
  bool raw_ = false;  // the console's mode is set (saved_ holds the terminal's)
  termios saved_{};
  std::atomic<bool> stdin_open_{true};
};

}  // namespace loom::cli
