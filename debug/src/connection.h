#pragma once
// The GDB stub's sockets: the listening socket (TCP on an address, or a
// unix socket that is an output of the run: a stale socket is replaced,
// any other file never), one connection at a time with the protocol's
// acknowledgements, and the watcher that notices GDB while the machine runs.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "loom/debug/gdb_server.h"
#include "rsp_packet.h"

namespace loom::debug {

class Listener {
 public:
  explicit Listener(const GdbAddress& address);  // throws std::runtime_error
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int fd() const { return fd_; }
  const std::string& description() const { return description_; }
  // A connection waiting to be accepted, or -1 (none yet).
  int accept_one();

 private:
  int fd_ = -1;
  std::string unix_path_;  // removed at the end
  std::string description_;
};

class Connection {
 public:
  explicit Connection(int fd);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  int fd() const { return fd_; }
  bool closed() const { return closed_; }

  enum class Wait { Event, Timeout, Closed };
  // The next event from GDB (a packet is acknowledged with `+` as it is
  // taken, a bad one answered with `-`), waiting up to `timeout_ms`.
  Wait next(rsp::Event& event, int timeout_ms);
  // Whatever GDB has sent, without waiting: events are queued for next().
  // False: the connection is gone.
  bool take_available();
  // Whether an interrupt (0x03) is among the queued events; removes it.
  bool take_interrupt();
  // Whether one is queued (it came with the packet that resumed).
  bool interrupt_queued() const;
  // Sends a packet; with acknowledgements on, waits for GDB's `+` and sends
  // it again after a `-`. False: the connection is gone.
  bool send(std::string_view payload);
  void stop_acknowledging() { acks_ = false; }

 private:
  bool read_some(int timeout_ms);  // false: timeout or closed (see closed_)
  bool write_all(std::string_view bytes);

  int fd_;
  bool closed_ = false;
  bool acks_ = true;
  rsp::PacketReader reader_;
  std::vector<rsp::Event> queue_;
};

// Watches one file descriptor on a thread of its own while the machine
// runs, and calls `on_activity` (once) when it becomes readable: GDB sent
// something (Ctrl-C) or hung up, or a GDB connects to the listener.
class ActivityWatcher {
 public:
  explicit ActivityWatcher(std::function<void()> on_activity);
  ~ActivityWatcher();
  ActivityWatcher(const ActivityWatcher&) = delete;
  ActivityWatcher& operator=(const ActivityWatcher&) = delete;
  void watch(int fd);
  // Stops watching; after it returns on_activity is not called any more.
  // Returns whether it was called since watch().
  bool stop();

 private:
  void loop();
  std::function<void()> on_activity_;
  int wake_fd_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int fd_ = -1;
  bool fired_ = false;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace loom::debug
