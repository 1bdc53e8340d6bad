// The table of model types a device server can host. Adding a device: give
// its folder a factory and list it here.

#include <sstream>
#include <vector>

#include "loom/tlm_devices/model.h"
#include "loom/tlm_devices/plugin.h"
#include "goldfish-rtc/goldfish_rtc.h"
#include "pci-endpoint-test/pci_endpoint_test.h"
#include "sifive-test/sifive_test.h"
#include "test-device/test_device.h"
#include "uart16550/uart16550.h"
#include "virtio-blk/virtio_blk.h"
#include "virtio/mmio_registers.h"

namespace loom::tlm_devices {
namespace {

using Factory = std::unique_ptr<Model> (*)(const std::string& name, uint64_t size, const ModelParams& params,
                                           HostServices* services);

struct ModelType {
  const char* name;
  Factory create;
  unsigned interrupts;
  uint64_t min_size;
  std::vector<const char*> parameters;  // tests/tlm checks them against the factory's
};

const ModelType model_table[] = {
    {test_device::type_name, &test_device::make_test_device, test_device::num_interrupts, test_device::min_size,
     {test_device::param::access_delay_ns, test_device::param::dma_delay_ns}},
    {uart16550::type_name, &uart16550::make_uart16550, 1, uart16550::register_bytes, {uart16550::param::clock_hz}},
    {sifive_test::type_name, &sifive_test::make_sifive_test, 0, sifive_test::min_size, {}},
    {goldfish_rtc::type_name, &goldfish_rtc::make_goldfish_rtc, 1, goldfish_rtc::min_size, {}},
    {virtio_blk::type_name, &virtio_blk::make_virtio_blk, 1, virtio::mmio::min_size,
     {virtio_blk::param::image, virtio_blk::param::latency_ns, virtio_blk::param::overlay, virtio_blk::param::readonly,
      virtio_blk::param::serial}},
    {pci_endpoint_test::type_name, &pci_endpoint_test::make_pci_endpoint_test, 1, 0,
     {"class-code", "device-id", "dma-bytes-per-us", "intx-pulse-ns", "max-transfer-bytes", "msi-vectors",
      "msix-vectors", "revision", "subsystem-id", "subsystem-vendor-id", "vendor-id"}},
};

}  // namespace

std::unique_ptr<Model> create_model(const std::string& type, const std::string& name, uint64_t size,
                                    const ModelParams& params, HostServices* services) {
  // A plugin's model: the platform names the library (`plugin:`).
  if (const auto plugin = params.find("plugin"); plugin != params.end()) {
    return load_plugin(plugin->second, type)(name, size, params, services);
  }
  for (const ModelType& entry : model_table) {
    if (type == entry.name) return entry.create(name, size, params, services);
  }
  std::ostringstream known;
  for (const std::string& known_type : model_types()) known << (known.tellp() > 0 ? ", " : "") << known_type;
  throw ModelError("unknown device type '" + type + "' (known: " + known.str() + ")");
}

std::vector<std::string> model_types() {
  std::vector<std::string> types;
  for (const ModelType& entry : model_table) types.emplace_back(entry.name);
  return types;
}

std::vector<ModelTypeInfo> model_type_infos() {
  std::vector<ModelTypeInfo> infos;
  for (const ModelType& entry : model_table) {
    infos.push_back({entry.name, entry.interrupts, entry.min_size,
                     std::vector<std::string>(entry.parameters.begin(), entry.parameters.end())});
  }
  return infos;
}

}  // namespace loom::tlm_devices
