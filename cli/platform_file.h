#pragma once
// A platform file as `loom run` and `loom dtb` both read it: loaded and
// checked against the device registry's types, then resolved with the
// command line's replacements. One path, so both commands refuse the same
// files with the same message.
#include <string>

#include "loom/platforms/machine_builder.h"
#include "loom/platforms/platform.h"

namespace loom::cli {

platforms::PlatformDescription read_platform_file(const std::string& path, const platforms::BootOverrides& overrides);

}  // namespace loom::cli
