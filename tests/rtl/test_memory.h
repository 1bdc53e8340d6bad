#pragma once
// The board's memory as the bridge would serve an RTL device's DMA: one
// TLM target over [base, base + size), filled with a known pattern, that
// refuses what lies outside it (the adapter turns that into SLVERR) and
// counts transactions.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace loom::rtl_cosim::test {

struct Memory : sc_core::sc_module {
  tlm_utils::simple_target_socket<Memory> socket{"socket"};
  uint64_t base;
  std::vector<uint8_t> bytes;
  unsigned transactions = 0;

  Memory(sc_core::sc_module_name name, uint64_t base_address, uint64_t size)
      : sc_module(name), base(base_address), bytes(size) {
    socket.register_b_transport(this, &Memory::b_transport);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + 1);
  }
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
    ++transactions;
    if (t.get_byte_enable_ptr() || t.get_address() < base || t.get_address() + t.get_data_length() > base + bytes.size()) {
      t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    uint8_t* at = bytes.data() + (t.get_address() - base);
    if (t.is_write()) {
      std::memcpy(at, t.get_data_ptr(), t.get_data_length());
    } else {
      std::memcpy(t.get_data_ptr(), at, t.get_data_length());
    }
    t.set_response_status(tlm::TLM_OK_RESPONSE);
  }
  uint64_t word(uint64_t address) const {
    uint64_t v;
    std::memcpy(&v, bytes.data() + (address - base), 8);
    return v;
  }
};

}  // namespace loom::rtl_cosim::test
