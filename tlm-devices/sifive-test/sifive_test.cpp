#include "sifive-test/sifive_test.h"
#include "common/payload.h"

#include <sstream>

#include "common/params.h"

namespace loom::tlm_devices::sifive_test {
namespace {

using tlm::tlm_generic_payload;
using tlm::tlm_response_status;

}  // namespace

std::unique_ptr<Model> make_sifive_test(const std::string& name, uint64_t size, const ModelParams& params,
                                        HostServices* services) {
  const std::string device = std::string(type_name) + " '" + name + "'";
  ParamReader reader(device, params);
  reader.reject_unknown();
  if (size < min_size) reader.fail("size " + hex(size) + " is smaller than the register map (" + hex(min_size) + ")");
  if (services == nullptr) throw ModelError(device + ": needs host services (power requests)");
  return std::make_unique<SifiveTest>(name.c_str(), size, *services);
}

SifiveTest::SifiveTest(sc_core::sc_module_name name, uint64_t size, HostServices& services)
    : sc_module(name), mmio_socket_("mmio"), size_(size), services_(services) {
  mmio_socket_.register_b_transport(this, &SifiveTest::b_transport);
}

void SifiveTest::b_transport(tlm_generic_payload& trans, sc_core::sc_time& delay) {
  (void)delay;  // the device has no notion of time
  trans.set_dmi_allowed(false);
  trans.set_response_status(access(trans));
}

tlm_response_status SifiveTest::access(tlm_generic_payload& trans) {
  const unsigned length = trans.get_data_length();
  const unsigned streaming_width = trans.get_streaming_width();
  if (length != min_access_bytes && length != max_access_bytes) return tlm::TLM_BURST_ERROR_RESPONSE;
  if (streaming_width != 0 && streaming_width < length) return tlm::TLM_BURST_ERROR_RESPONSE;
  const uint64_t offset = trans.get_address();
  if (offset >= size_ || length > size_ - offset || offset % length != 0) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (!all_bytes_enabled(trans)) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;

  unsigned char* data = trans.get_data_ptr();
  if (trans.is_read()) {
    // Every offset reads 0, as on QEMU (Linux's syscon regmap reads before
    // it writes, and a register dump reads the whole aperture).
    for (unsigned i = 0; i < length; ++i) data[i] = 0;
  } else if (trans.is_write() && offset == regs::finisher) {
    uint32_t value = 0;
    for (unsigned i = 0; i < length; ++i) value |= uint32_t{data[i]} << (8 * i);
    write_finisher(value);
  }
  // Writes elsewhere in the aperture are ignored, as on QEMU.
  return tlm::TLM_OK_RESPONSE;
}

void SifiveTest::write_finisher(uint32_t value) {
  switch (value & command_mask) {
    case command_pass: services_.power_request(basename(), PowerAction::PowerOff, 0); break;
    case command_fail: services_.power_request(basename(), PowerAction::PowerOff, value >> code_shift); break;
    case command_reset: services_.power_request(basename(), PowerAction::Reset, 0); break;
    default: break;  // not a command: ignored (QEMU logs it as a guest error)
  }
}

}  // namespace loom::tlm_devices::sifive_test
