#pragma once
// Small shared vocabulary of the bridge protocol (both sides).

#include <cstddef>
#include <cstdint>
#include <string>

#include "loom/bridge/v1/bridge.pb.h"
#include "loom/state/state.h"

namespace loom::bridge {

constexpr uint32_t kProtocolVersion = loom::bridge::v1::VERSION_CURRENT;
constexpr uint64_t kNoEvent = UINT64_MAX;
// The longest DMA access one message may ask for: a message of up to 4 MiB
// is what every link carries (gRPC's default limit, half a shared-memory
// ring), and the PCIe framework's DMA pieces are 256 KiB.
constexpr uint64_t kMaxDmaBytes = 4u << 20;

// A server's snapshot state travels in pieces of this size (StateChunk,
// RestoreState): well under a message's 4 MiB.
constexpr size_t kStateChunkBytes = 1u << 20;

const char* status_name(loom::bridge::v1::Status status);

// A protocol message inside a snapshot section, and back (a damaged one
// fails the snapshot with one line).
inline void save_message(state::StateWriter& out, const google::protobuf::MessageLite& message) {
  out.string(message.SerializeAsString());
}
template <typename Message>
Message restore_message(state::StateReader& in) {
  Message message;
  if (!message.ParseFromString(in.string())) in.fail("a malformed message");
  return message;
}

}  // namespace loom::bridge
