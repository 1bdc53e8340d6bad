#pragma once
// The bridge's transport: one ordered, bidirectional message stream per
// CPU <-> server session. The session and sync code only see these
// interfaces: gRPC, the same-host shared-memory link that takes over after a
// gRPC handshake, and an in-process pair for unit tests sit behind them.

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "loom/bridge/v1/bridge.pb.h"

namespace loom::bridge {

namespace pb = loom::bridge::v1;

// CPU side.
class ClientTransport {
 public:
  virtual ~ClientTransport() = default;
  // Both return false once the stream is broken, closed or cancelled.
  virtual bool send(const pb::CpuMessage& message) = 0;
  virtual bool receive(pb::ServerMessage& message) = 0;
  // Thread-safe: makes a blocked receive() return false (deadline watchdog).
  virtual void cancel() = 0;
  // Half-closes the stream and collects the final status (after Shutdown).
  virtual void finish() = 0;
  // Why the stream failed, after send/receive returned false.
  virtual std::string failure() = 0;
};

struct TlsClientOptions {
  std::string ca_file;  // PEM roots that must have signed the server's certificate
  std::string server_name_override;  // when the certificate's name differs from the address
};

// Connects to `address` ("unix:/path", "host:port"), waiting up to
// `timeout` for the server to come up, and giving up at once when `gone`
// (optional) says why the server cannot come any more. Throws
// std::runtime_error with a one-line message on failure.
// What connect_grpc throws when `gone` explained why the server cannot come:
// the message already says why, so nothing more is to be added to it.
struct ServerGone : std::runtime_error {
  using std::runtime_error::runtime_error;
};
std::unique_ptr<ClientTransport> connect_grpc(const std::string& address, const TlsClientOptions* tls,
                                              std::chrono::milliseconds timeout,
                                              const std::function<std::string()>& gone = {});

// Server side.
class ServerTransport {
 public:
  virtual ~ServerTransport() = default;
  virtual bool send(const pb::ServerMessage& message) = 0;
  virtual bool receive(pb::CpuMessage& message) = 0;
  // Failure tests (loom serve --fault corrupt-link): publishes a frame no
  // message can have. Only the shared-memory link has one to corrupt.
  virtual void corrupt_for_test() {}
};

struct TlsServerOptions {
  std::string cert_file;
  std::string key_file;
};

// Listens on `address` and hands out exactly one session: a device server
// elaborates its SystemC models once, so it serves one CPU and then exits.
class Listener {
 public:
  virtual ~Listener() = default;
  // Blocks until a CPU opens a session or `timeout` passes (nullptr then).
  virtual std::unique_ptr<ServerTransport> accept(std::chrono::milliseconds timeout) = 0;
  // Stops serving. `grace`: how long the last messages of a session may
  // take to reach the CPU before what is left is cancelled (none is needed
  // when the CPU itself ended the session).
  virtual void shutdown(std::chrono::milliseconds grace = std::chrono::milliseconds(0)) = 0;
  // The bound address (with the real port when ":0" was asked for).
  virtual std::string address() const = 0;
};

std::unique_ptr<Listener> listen_grpc(const std::string& address, const TlsServerOptions* tls);

// The shared-memory link (shm_ring.h, shm_transport.cpp): after a gRPC
// handshake that agreed on it, the CPU opens the server's segment (taking
// over `grpc`, which ends the session as before) and the server serves from
// the segment it made. Both throw std::runtime_error with one line.
class ShmSegment;
// Who may share memory with whom (same boot, user and /dev/shm).
std::string shm_host_identity();
std::unique_ptr<ClientTransport> open_shm_client(const std::string& path, uint32_t server_pid,
                                                 std::unique_ptr<ClientTransport> grpc);
std::unique_ptr<ServerTransport> make_shm_server(ShmSegment segment, uint32_t cpu_pid);

}  // namespace loom::bridge
