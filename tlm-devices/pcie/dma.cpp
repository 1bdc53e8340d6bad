// pcie::Endpoint: requests the function masters on the bus, through
// Model::dma(): its own DMA and the MSI/MSI-X messages, which are memory
// writes too. All need COMMAND.BusMaster; a TLM error from the DMA socket is
// a master abort, recorded in STATUS.
#include "loom/tlm_devices/pcie_endpoint.h"

#include <algorithm>
#include <cstring>

#include "common/payload.h"
#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

namespace {
// Large transfers go out in pieces a bridge message carries comfortably
// (gRPC's default message limit is 4 MiB).
constexpr uint64_t kDmaPiece = 256 * 1024;
}  // namespace

bool Endpoint::bus_request(tlm::tlm_command command, uint64_t address, uint8_t* data, uint64_t length,
                           sc_core::sc_time& delay) {
  for (uint64_t done = 0; done < length;) {
    if (!bus_master()) return false;  // checked per piece: the driver may turn it off midway
    const auto n = static_cast<unsigned>(std::min(length - done, kDmaPiece));
    tlm::tlm_generic_payload trans;
    make_plain_payload(trans, command, address + done, data + done, n);
    dma_socket_->b_transport(trans, delay);
    if (!trans.is_response_ok()) {
      note_master_abort();
      return false;
    }
    done += n;
  }
  return bus_master();  // a zero-length transfer still needs bus mastering
}

bool Endpoint::dma_read(uint64_t address, uint8_t* data, uint64_t length, sc_core::sc_time& delay) {
  return bus_request(tlm::TLM_READ_COMMAND, address, data, length, delay);
}

// The payload's data pointer is not const in TLM; a write does not change it.
bool Endpoint::dma_write(uint64_t address, const uint8_t* data, uint64_t length, sc_core::sc_time& delay) {
  return bus_request(tlm::TLM_WRITE_COMMAND, address, const_cast<uint8_t*>(data), length, delay);
}

// A message is a DWORD memory write (MSI's 16-bit data zero-extended). It
// is posted: the time the target annotates is no concern of the function.
bool Endpoint::send_message(uint64_t address, uint32_t data) {
  uint8_t bytes[4];
  for (unsigned i = 0; i < 4; ++i) bytes[i] = static_cast<uint8_t>(data >> (8 * i));
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  return bus_request(tlm::TLM_WRITE_COMMAND, address, bytes, sizeof bytes, delay);
}

void Endpoint::note_master_abort() {
  config_->set_u16(reg::status, config_->u16(reg::status) | reg::status_bits::received_master_abort);
}

}  // namespace loom::tlm_devices::pcie
