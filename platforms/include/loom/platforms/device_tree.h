#pragma once
// The device tree of a platform (DTB bytes), generated with libfdt.

#include <cstdint>
#include <vector>

#include "loom/platforms/platform.h"

namespace loom::platforms {

// Facts known only once the boot images are loaded.
struct DeviceTreeExtras {
  uint64_t initrd_size = 0;  // 0: no initrd
};

std::vector<uint8_t> build_device_tree(const PlatformDescription& platform, const DeviceTreeExtras& extras = {});

}  // namespace loom::platforms
