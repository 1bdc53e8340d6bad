#include "virtio/bus.h"

#include <sstream>

namespace loom::tlm_devices::virtio {

std::string hex(uint64_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

}  // namespace loom::tlm_devices::virtio
