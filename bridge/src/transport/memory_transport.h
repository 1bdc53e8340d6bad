#pragma once
// The bridge's message stream inside one process: a CPU end and a server
// end joined by two queues. For unit tests of the protocol code (ServerLink
// against a scripted server), so that corner cases are tested without
// processes, sockets or timing.

#include <memory>
#include <utility>

#include "transport/transport.h"

namespace loom::bridge {

struct MemoryLink {
  std::unique_ptr<ClientTransport> cpu;
  std::unique_ptr<ServerTransport> server;
};

// The server end's receive() returns false once the CPU end is finished or
// destroyed; the CPU end's, once the server end is destroyed (it then
// reports "the server closed the session") or cancel() was called.
MemoryLink make_memory_link();

}  // namespace loom::bridge
