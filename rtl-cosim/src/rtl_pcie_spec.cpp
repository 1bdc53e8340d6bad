#include <algorithm>
#include <fmt/format.h>

#include "loom/rtl_cosim/rtl_params.h"
#include "loom/tlm_devices/pcie_endpoint.h"

namespace loom::rtl_cosim {

// The fixed shape of an RTL PCIe function (rtl_pcie_endpoint.h): BAR0 4 KiB
// of registers with the framework's MSI-X table and PBA in its upper half,
// BAR1 of the design's memory; identity and vector counts from parameters.
tlm_devices::pcie::EndpointSpec rtl_pcie_spec(const std::string& name, const tlm_devices::ModelParams& params) {
  tlm_devices::pcie::EndpointSpec spec;
  spec.vendor_id = static_cast<uint16_t>(uint_param(name, params, "vendor-id", 0x4c4d, 0xfffe));
  spec.device_id = static_cast<uint16_t>(uint_param(name, params, "device-id", 0x0002, 0xffff));
  spec.subsystem_vendor_id = spec.vendor_id;
  spec.subsystem_id = spec.device_id;
  spec.class_code = static_cast<uint32_t>(uint_param(name, params, "class-code", 0xff0000, 0xffffff));
  spec.bars[0] = {4096, false, false, false};
  spec.bars[1] = {uint_param(name, params, "bar1-size", 512, 1ull << 31), false, false, false};
  spec.msi_vectors = static_cast<unsigned>(uint_param(name, params, "msi-vectors", 32, 32));
  spec.msix_vectors = static_cast<unsigned>(uint_param(name, params, "msix-vectors", 32, 64));
  spec.msix_bar = 0;
  spec.msix_table_offset = 0x800;
  spec.msix_pba_offset = 0xc00;
  for (const auto& [key, value] : params) {
    static const char* known[] = {"clock", "timeout-cycles", "trace", "plugin", "vendor-id", "device-id",
                                  "class-code", "bar1-size", "msi-vectors", "msix-vectors"};
    if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
      throw tlm_devices::ModelError(fmt::format("rtl device '{}': unknown parameter '{}'", name, key));
    }
  }
  return spec;
}

}  // namespace loom::rtl_cosim
