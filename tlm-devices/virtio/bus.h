#pragma once
// How the virtqueue machinery reaches guest memory, and the two ways work on
// a queue ends early. Queue code runs in the transport's SC_THREAD and is
// written straight through: a failure anywhere is an exception that the
// transport's queue loop catches, never a status to thread through.

#include "common/payload.h"
#include <cstdint>
#include <stdexcept>
#include <string>

namespace loom::tlm_devices::virtio {

// Guest physical memory, as the device's bus-master port sees it.
class Bus {
 public:
  virtual ~Bus() = default;
  // Both may wait (annotated delays). They throw DeviceFault for an error
  // response and Cancelled when the queue was reset while they waited.
  virtual void read(uint64_t address, uint8_t* data, uint64_t length) = 0;
  virtual void write(uint64_t address, const uint8_t* data, uint64_t length) = 0;
};

// The device cannot go on (a bus error, a malformed ring or request): it
// sets DEVICE_NEEDS_RESET and processes nothing more until reset. The
// message says what went wrong, in one line.
struct DeviceFault : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The driver reset the device or stopped the queue while a request was
// under way: the request is dropped without touching the rings.
struct Cancelled {};

// Guest structures are little-endian whatever the host.
inline uint64_t load_le(const uint8_t* data, unsigned bytes) {
  uint64_t value = 0;
  for (unsigned i = 0; i < bytes; ++i) value |= uint64_t{data[i]} << (8 * i);
  return value;
}

inline void store_le(uint8_t* data, unsigned bytes, uint64_t value) {
  for (unsigned i = 0; i < bytes; ++i) data[i] = static_cast<uint8_t>(value >> (8 * i));
}


}  // namespace loom::tlm_devices::virtio
