#pragma once
// A bus rule broken by RTL, or a handshake that never completed: one line
// naming the device, the signal, the rule and the clock cycle.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace loom::rtl_cosim {

struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "rtl device 'dma0': AXI4-Lite BVALID: a write response with no write
// outstanding (cycle 1234)".
std::string protocol_message(const std::string& device, const std::string& protocol, const std::string& signal,
                             const std::string& rule, uint64_t cycle);

}  // namespace loom::rtl_cosim
