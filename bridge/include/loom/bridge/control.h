#pragma once
// Run control over a local socket (`loom run --control unix:PATH`, `loom
// ctl`; docs/debugging.md, "Run control"): gRPC underneath, no protobuf
// types here. The server's gRPC threads hand each command to the CPU thread
// (ControlServer::next) and wait for its answer; the client is what `loom
// ctl` calls, with a deadline, so that it never hangs.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace loom::bridge {

struct ControlCommand {
  enum class Verb { Status, Pause, Resume, Step, Save, Load, Quit };
  Verb verb = Verb::Status;
  uint64_t count = 0;  // Step: instructions of the board
  std::string name;    // Save, Load: the snapshot file
};

struct ControlReply {
  std::string error;  // one line when refused
  std::string state;
  uint64_t simulated_ps = 0;
  uint64_t instructions = 0;
  std::vector<uint64_t> pcs;
  std::string links;
  std::string message;
};

// A path that is not "unix:PATH", or a server that cannot listen there: one
// line naming the address.
struct ControlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ControlServer {
 public:
  // Listens on `address` ("unix:PATH" only: a local endpoint). Refuses a
  // path where something other than a socket is (never replaced), and a
  // socket someone listens on. `wake` is called, on a gRPC thread, when a
  // command arrives (the run asks the machine to pause).
  ControlServer(const std::string& address, std::function<void()> wake);
  ~ControlServer();  // stops serving (waiting commands get an error) and removes the socket
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // CPU thread: the next command, waiting up to `wait` for one; false if
  // none came. Each command taken must be answered before the next is taken.
  bool next(ControlCommand& command, std::chrono::milliseconds wait);
  void answer(const ControlReply& reply);
  // A command is waiting to be taken (cheap).
  bool pending() const;
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The socket path of "unix:PATH"; throws ControlError for anything else.
std::string control_socket_path(const std::string& address);

// Sends `command` to the run at `address` and returns its reply; throws
// ControlError with one line (no such socket, nobody listening, no answer
// within `deadline`).
ControlReply control_call(const std::string& address, const ControlCommand& command,
                          std::chrono::milliseconds deadline);

}  // namespace loom::bridge
