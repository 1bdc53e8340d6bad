// A plugin as an older Loom would have built it: only its ABI text differs
// (set by the build), which is all a server may judge a plugin by.
#include "loom/tlm_devices/plugin.h"

namespace {
std::unique_ptr<loom::tlm_devices::Model> never(const std::string&, uint64_t, const loom::tlm_devices::ModelParams&,
                                                loom::tlm_devices::HostServices*) {
  return nullptr;
}
}  // namespace

LOOM_DEVICE_PLUGIN("rtl/old", &never)
