#pragma once
// Small shared vocabulary of the bridge protocol (both sides).

#include <cstdint>
#include <string>

#include "loom/bridge/v1/bridge.pb.h"

namespace loom::bridge {

constexpr uint32_t kProtocolVersion = loom::bridge::v1::VERSION_CURRENT;
constexpr uint64_t kNoEvent = UINT64_MAX;
// The longest DMA access one message may ask for: a message of up to 4 MiB
// is what every link carries (gRPC's default limit, half a shared-memory
// ring), and the PCIe framework's DMA pieces are 256 KiB.
constexpr uint64_t kMaxDmaBytes = 4u << 20;

const char* status_name(loom::bridge::v1::Status status);

}  // namespace loom::bridge
