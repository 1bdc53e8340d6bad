#pragma once
// The device-server side of the bridge: `loom serve`. Listens for one CPU,
// elaborates the SystemC models the CPU's platform asks for in the
// handshake, then runs the session: advancing SystemC to each request's
// time, forwarding accesses through TLM-2.0 sockets, and reporting
// interrupts, DMA and the next pending event back to the CPU.

#include <chrono>
#include <cstdint>
#include <string>

namespace loom::bridge {

// Deliberate misbehaviour, for the bridge's failure tests only.
enum class Fault {
  None,
  Stall,      // after `fault_after` requests, stop answering (but keep the stream open)
  Malformed,  // after `fault_after` requests, answer with a wrong request id
  Close,      // after `fault_after` requests, end the session
  Crash,      // after `fault_after` requests, abort the process
  Version,    // answer the handshake with another protocol version
  CrashInDma, // abort the process at a model's first DMA after `fault_after` requests
  CorruptLink, // after `fault_after` requests, write garbage into the shared-memory ring (gRPC: no effect)
  DieBeforeAccept, // listen (the socket appears), then die before accepting the CPU
};

struct DeviceServerOptions {
  std::string listen = "unix:/tmp/loom-server.sock";  // or "127.0.0.1:7000"
  std::string token;     // if set, a CPU must present it
  std::string tls_cert;  // PEM certificate and key: serve TLS
  std::string tls_key;
  std::chrono::milliseconds accept_timeout{60000};  // give up if no CPU connects
  bool quiet = false;    // no "listening on" line; errors sent to the CPU are not repeated on stderr
  bool allow_shm = true; // take the shared-memory link when a CPU on this host offers it
  Fault fault = Fault::None;
  uint64_t fault_after = 0;
};

// Serves one session; returns the process exit status (0: orderly shutdown).
// Errors are reported on stderr as one line.
int run_device_server(const DeviceServerOptions& options);

}  // namespace loom::bridge
