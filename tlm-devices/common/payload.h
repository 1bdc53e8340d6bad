#pragma once
// Small helpers every model's b_transport needs: byte-enable checks on a
// generic payload, and hex formatting for one-line messages.

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

}  // namespace loom::tlm_devices
