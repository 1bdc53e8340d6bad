#include "virtio/socket_bus.h"

#include <algorithm>

namespace loom::tlm_devices::virtio {

SocketBus::SocketBus(tlm::tlm_initiator_socket<>& socket, std::function<void()> after_access)
    : socket_(socket), after_access_(std::move(after_access)) {}

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
    tlm::tlm_generic_payload trans;
    trans.set_command(command);
    trans.set_address(address + done);
    trans.set_data_ptr(data + done);
    trans.set_data_length(chunk);
    trans.set_streaming_width(chunk);
    trans.set_byte_enable_ptr(nullptr);
    trans.set_dmi_allowed(false);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket_->b_transport(trans, delay);
    if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
    // A reset while waiting wins over the error: the fault would belong to
    // a device that no longer exists.
    after_access_();
    if (trans.is_response_error()) {
      throw DeviceFault(std::string("DMA ") + (command == tlm::TLM_READ_COMMAND ? "read" : "write") + " of " +
                        std::to_string(chunk) + " bytes at " + hex(address + done) + " failed: " +
                        trans.get_response_string());
    }
    done += chunk;
  }
}

}  // namespace loom::tlm_devices::virtio
