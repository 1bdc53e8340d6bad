#include "dtb_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>

#include "loom/platforms/device_tree.h"
#include "platform_file.h"
#include "loom/log/log.h"

namespace loom::cli {

void add_dtb_command(CLI::App& app, DtbOptions& o) {
  CLI::App* dtb = app.add_subcommand("dtb", "Write the device tree (DTB) a platform file boots with");
  dtb->add_option("platform", o.platform, "Platform file")->required();
  dtb->add_option("-o,--output", o.output, "Output file")->required();
  dtb->add_option("--initrd", o.initrd, "Describe this initial ramdisk (its size) in /chosen")
      ->check(CLI::ExistingFile);
  dtb->add_option("--append", o.append, "Kernel command line (replaces boot.bootargs)");
}

int write_dtb(const DtbOptions& o) {
  try {
    platforms::BootOverrides overrides;
    overrides.initrd = o.initrd;
    if (!o.append.empty()) overrides.bootargs = o.append;
    // The same checks as `loom run` (the boot images exist and fit).
    const platforms::PlatformDescription platform = read_platform_file(o.platform, overrides);
    platforms::DeviceTreeExtras extras;
    if (!platform.boot.initrd.empty()) extras.initrd_size = std::filesystem::file_size(platform.boot.initrd);
    const std::vector<uint8_t> blob = platforms::build_device_tree(platform, extras);
    std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", o.output));
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return 1;
  }
  return 0;
}

}  // namespace loom::cli
