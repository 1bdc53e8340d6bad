#include "virtio/socket_bus.h"

#include <algorithm>

#include "common/payload.h"

namespace loom::tlm_devices::virtio {
namespace {

const char* response_name(tlm::tlm_response_status status) {
  switch (status) {
    case tlm::TLM_OK_RESPONSE: return "TLM_OK_RESPONSE";
    case tlm::TLM_INCOMPLETE_RESPONSE: return "TLM_INCOMPLETE_RESPONSE";
    case tlm::TLM_GENERIC_ERROR_RESPONSE: return "TLM_GENERIC_ERROR_RESPONSE";
    case tlm::TLM_ADDRESS_ERROR_RESPONSE: return "TLM_ADDRESS_ERROR_RESPONSE";
    case tlm::TLM_COMMAND_ERROR_RESPONSE: return "TLM_COMMAND_ERROR_RESPONSE";
    case tlm::TLM_BURST_ERROR_RESPONSE: return "TLM_BURST_ERROR_RESPONSE";
    case tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE: return "TLM_BYTE_ENABLE_ERROR_RESPONSE";
  }
  return "an unknown response";
}

}  // namespace

SocketBus::SocketBus(tlm::tlm_initiator_socket<>& socket, std::function<void()> after_access,
                     const sc_core::sc_event& cancelled)
    : socket_(socket), after_access_(std::move(after_access)), cancelled_(cancelled) {}

void SocketBus::read(uint64_t address, uint8_t* data, uint64_t length) {
  transfer(tlm::TLM_READ_COMMAND, address, data, length);
}

void SocketBus::write(uint64_t address, const uint8_t* data, uint64_t length) {
  // A write payload's data is only read by the target.
  transfer(tlm::TLM_WRITE_COMMAND, address, const_cast<uint8_t*>(data), length);
}

void SocketBus::transfer(tlm::tlm_command command, uint64_t address, uint8_t* data, uint64_t length) {
  for (uint64_t done = 0; done < length;) {
    const unsigned chunk = static_cast<unsigned>(std::min(max_transaction_bytes, length - done));
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    tlm::tlm_response_status status;
    {
      // Gone before the wait: a simulation that ends during it never
      // unwinds this thread's stack.
      tlm::tlm_generic_payload trans;
      make_plain_payload(trans, command, address + done, data + done, chunk);
      socket_->b_transport(trans, delay);
      status = trans.get_response_status();
    }
    // A reset while waiting wins over the error: the fault would belong to
    // a device that no longer exists. A cancellation of other work (another
    // queue's) wakes the wait too; the rest of the delay is then waited out.
    const sc_core::sc_time end = sc_core::sc_time_stamp() + delay;
    while (sc_core::sc_time_stamp() < end) {
      sc_core::wait(end - sc_core::sc_time_stamp(), cancelled_);
      after_access_();
    }
    after_access_();
    if (status <= tlm::TLM_INCOMPLETE_RESPONSE) {  // as tlm_generic_payload::is_response_error()
      throw DeviceFault(std::string("DMA ") + (command == tlm::TLM_READ_COMMAND ? "read" : "write") + " of " +
                        std::to_string(chunk) + " bytes at " + hex(address + done) + " failed: " +
                        response_name(status));
    }
    done += chunk;
  }
}

}  // namespace loom::tlm_devices::virtio
