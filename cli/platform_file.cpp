#include "platform_file.h"

#include "loom/tlm_devices/model.h"

namespace loom::cli {

platforms::PlatformDescription read_platform_file(const std::string& path, const platforms::BootOverrides& overrides) {
  std::vector<platforms::ServerDeviceType> types;
  for (const tlm_devices::ModelTypeInfo& info : tlm_devices::model_type_infos()) {
    types.push_back({info.type, info.interrupts, info.min_size, info.parameters});
  }
  return platforms::resolve(platforms::load_platform(path, types), overrides);
}

}  // namespace loom::cli
