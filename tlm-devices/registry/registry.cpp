// The table of model types a device server can host. Adding a device: give
// its folder a factory and list it here.

#include <sstream>

#include "loom/tlm_devices/model.h"
#include "loom/tlm_devices/plugin.h"
#include "goldfish-rtc/goldfish_rtc.h"
#include "pci-endpoint-test/pci_endpoint_test.h"
#include "sifive-test/sifive_test.h"
#include "test-device/test_device.h"
#include "uart16550/uart16550.h"
#include "virtio-blk/virtio_blk.h"

namespace loom::tlm_devices {
namespace {

using Factory = std::unique_ptr<Model> (*)(const std::string& name, uint64_t size, const ModelParams& params,
                                           HostServices* services);

struct ModelType {
  const char* name;
  Factory create;
};

constexpr ModelType model_table[] = {
    {test_device::type_name, &test_device::make_test_device},
    {uart16550::type_name, &uart16550::make_uart16550},
    {sifive_test::type_name, &sifive_test::make_sifive_test},
    {goldfish_rtc::type_name, &goldfish_rtc::make_goldfish_rtc},
    {virtio_blk::type_name, &virtio_blk::make_virtio_blk},
    {pci_endpoint_test::type_name, &pci_endpoint_test::make_pci_endpoint_test},
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

}  // namespace loom::tlm_devices
