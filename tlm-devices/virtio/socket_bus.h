#pragma once
// A Bus over a TLM initiator socket, for the transport's SC_THREAD: blocking
// transactions of at most max_transaction_bytes, each annotated delay waited
// out before the next (a cancellation ends the wait), an error response
// turned into a DeviceFault naming the access.

#include <systemc>
#include <tlm>

#include <cstdint>
#include <functional>

#include "virtio/bus.h"

namespace loom::tlm_devices::virtio {

// Bounds one DMA message on the bridge whatever the size of a segment.
constexpr uint64_t max_transaction_bytes = 0x10000;

class SocketBus final : public Bus {
 public:
  // `after_access` runs after every transaction (and its wait); it throws
  // Cancelled when the work in progress no longer counts. `cancelled` wakes
  // a wait for an annotated delay early, so that a reset leaves no timed
  // activity behind; `after_access` then says whether it concerned this work.
  SocketBus(tlm::tlm_initiator_socket<>& socket, std::function<void()> after_access,
            const sc_core::sc_event& cancelled);

  void read(uint64_t address, uint8_t* data, uint64_t length) override;
  void write(uint64_t address, const uint8_t* data, uint64_t length) override;

 private:
  void transfer(tlm::tlm_command command, uint64_t address, uint8_t* data, uint64_t length);

  tlm::tlm_initiator_socket<>& socket_;
  std::function<void()> after_access_;
  const sc_core::sc_event& cancelled_;
};

}  // namespace loom::tlm_devices::virtio
