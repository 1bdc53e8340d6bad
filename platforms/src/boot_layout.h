#pragma once
// Where the boot images go in memory, checked before anything is loaded:
// once the command line's replacements are known, the files and so their
// sizes are.
#include <string>

#include "loom/platforms/platform.h"

namespace loom::platforms {

bool is_elf(const std::string& path);

// Firmware, kernel, initrd and the device tree each lie in one memory
// region, and no two overlap. Throws PlatformError naming the image (its
// file:line, or the command-line option that gave it) and what it hits.
void check_boot_layout(const PlatformDescription& platform);

}  // namespace loom::platforms
