#pragma once
// Small helpers every model's b_transport needs: byte-enable checks on a
// generic payload, hex formatting for one-line messages, and the plain
// payload a bus-mastering model sends.

#include <tlm>

#include <cstdint>
#include <sstream>
#include <string>

namespace loom::tlm_devices {

inline std::string hex(uint64_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

// Byte i of the payload takes part (the byte-enable array repeats with its
// own length, as TLM-2.0 defines).
inline bool byte_enabled(const tlm::tlm_generic_payload& trans, unsigned i) {
  const unsigned char* enables = trans.get_byte_enable_ptr();
  if (enables == nullptr) return true;
  const unsigned count = trans.get_byte_enable_length();
  return count == 0 || enables[i % count] != TLM_BYTE_DISABLED;
}

inline bool all_bytes_enabled(const tlm::tlm_generic_payload& trans) {
  for (unsigned i = 0; i < trans.get_data_length(); ++i) {
    if (!byte_enabled(trans, i)) return false;
  }
  return true;
}

// A read or write of `length` bytes at `address`, all bytes enabled, no
// streaming, no DMI, as a model's DMA engine issues it.
inline void make_plain_payload(tlm::tlm_generic_payload& trans, tlm::tlm_command command, uint64_t address,
                               uint8_t* data, unsigned length) {
  trans.set_command(command);
  trans.set_address(address);
  trans.set_data_ptr(data);
  trans.set_data_length(length);
  trans.set_streaming_width(length);
  trans.set_byte_enable_ptr(nullptr);
  trans.set_dmi_allowed(false);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

}  // namespace loom::tlm_devices
