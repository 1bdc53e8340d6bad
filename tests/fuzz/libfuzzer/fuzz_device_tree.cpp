// The device-tree builder (platforms::build_device_tree) on every platform
// the loader and validator accept, from arbitrary YAML text: the firmware
// is given as on the command line (a small file), so that any file the
// validator takes reaches the builder. The blob must pass libfdt's full
// check and describe what the platform says: its harts, ISA, memory,
// command line, and unit names and phandles that are unique.
#include <libfdt.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "loom/platforms/device_tree.h"
#include "platform_file.h"
#include "platform_input.h"

namespace {

using loom::platforms::PlatformDescription;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_device_tree: %s\n", what.c_str());
  std::abort();
}

uint64_t cells64(const fdt32_t* cells) { return uint64_t{fdt32_to_cpu(cells[0])} << 32 | fdt32_to_cpu(cells[1]); }

// Walks every node: sibling names unique, phandles unique.
void check_nodes(const void* fdt) {
  std::set<std::pair<int, std::string>> names;  // (parent offset, name)
  std::set<uint32_t> phandles;
  std::vector<int> parents{-1};
  int depth = 0;
  for (int node = fdt_next_node(fdt, -1, &depth); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
    parents.resize(static_cast<size_t>(depth) + 1);
    parents[static_cast<size_t>(depth)] = node;
    const int parent = depth > 0 ? parents[static_cast<size_t>(depth) - 1] : -1;
    const char* name = fdt_get_name(fdt, node, nullptr);
    if (name == nullptr) fail("a node without a name");
    if (!names.emplace(parent, name).second) fail(fmt::format("two nodes named {} under one parent", name));
    if (const uint32_t phandle = fdt_get_phandle(fdt, node); phandle != 0 && !phandles.insert(phandle).second) {
      fail(fmt::format("phandle {:#x} given twice (node {})", phandle, name));
    }
  }
}

void check_description(const void* fdt, const PlatformDescription& p) {
  const int cpus = fdt_path_offset(fdt, "/cpus");
  if (cpus < 0) fail("no /cpus");
  uint32_t harts = 0;
  int node = 0;
  fdt_for_each_subnode(node, fdt, cpus) {
    if (std::string(fdt_get_name(fdt, node, nullptr)).rfind("cpu@", 0) == 0) ++harts;
  }
  if (harts != p.harts) fail(fmt::format("{} cpu nodes for {} harts", harts, p.harts));
  const int cpu0 = fdt_path_offset(fdt, "/cpus/cpu@0");
  const char* isa = cpu0 < 0 ? nullptr : static_cast<const char*>(fdt_getprop(fdt, cpu0, "riscv,isa", nullptr));
  if (isa == nullptr || p.isa != isa) fail("/cpus/cpu@0/riscv,isa is not the platform's");
  for (const auto& region : p.memory) {
    const int memory = fdt_path_offset(fdt, fmt::format("/memory@{:x}", region.base).c_str());
    int length = 0;
    const auto* reg = memory < 0 ? nullptr : static_cast<const fdt32_t*>(fdt_getprop(fdt, memory, "reg", &length));
    if (reg == nullptr || length != 16 || cells64(reg) != region.base || cells64(reg + 2) != region.size) {
      fail(fmt::format("memory {} [{:#x}, +{:#x}) is not described", region.name, region.base, region.size));
    }
  }
  if (!p.boot.bootargs.empty()) {
    const int chosen = fdt_path_offset(fdt, "/chosen");
    const char* bootargs = chosen < 0 ? nullptr : static_cast<const char*>(fdt_getprop(fdt, chosen, "bootargs", nullptr));
    if (bootargs == nullptr || p.boot.bootargs != bootargs) fail("/chosen/bootargs is not the platform's");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  loom::fuzz::PlatformInput& input = loom::fuzz::PlatformInput::instance();
  const std::string& path = input.write(data, size);
  loom::platforms::BootOverrides overrides;
  overrides.firmware = input.firmware();
  PlatformDescription platform;
  try {
    platform = loom::cli::read_platform_file(path, overrides);
  } catch (const loom::platforms::PlatformError&) {
    return -1;  // the validator's business (fuzz_platform_file); not worth keeping in this corpus
  }
  // As `loom dtb` does.
  loom::platforms::DeviceTreeExtras extras;
  if (!platform.boot.initrd.empty()) extras.initrd_size = std::filesystem::file_size(platform.boot.initrd);
  std::vector<uint8_t> blob;
  try {
    blob = loom::platforms::build_device_tree(platform, extras);
  } catch (const std::exception& e) {
    fail(std::string("a valid platform gives no device tree: ") + e.what());
  }
  if (const int status = fdt_check_full(blob.data(), blob.size()); status != 0) {
    fail(fmt::format("fdt_check_full: {}", fdt_strerror(status)));
  }
  check_nodes(blob.data());
  check_description(blob.data(), platform);
  return 0;
}
