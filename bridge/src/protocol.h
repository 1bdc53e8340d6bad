#pragma once
// Small shared vocabulary of the bridge protocol (both sides).

#include <cstdint>
#include <string>

#include "loom/bridge/v1/bridge.pb.h"

namespace loom::bridge {

constexpr uint32_t kProtocolVersion = loom::bridge::v1::VERSION_CURRENT;
constexpr uint64_t kNoEvent = UINT64_MAX;

const char* status_name(loom::bridge::v1::Status status);

}  // namespace loom::bridge
