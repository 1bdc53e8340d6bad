#include "loom/rtl_cosim/protocol_error.h"

#include <fmt/format.h>

namespace loom::rtl_cosim {

std::string protocol_message(const std::string& device, const std::string& protocol, const std::string& signal,
                             const std::string& rule, uint64_t cycle) {
  return fmt::format("rtl device '{}': {} {}: {} (cycle {})", device, protocol, signal, rule, cycle);
}

}  // namespace loom::rtl_cosim
