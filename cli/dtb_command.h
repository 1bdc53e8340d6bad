#pragma once
// `loom dtb PLATFORM -o FILE`: the device tree a platform boots with.

#include <string>

namespace CLI {
class App;
}

namespace loom::cli {

struct DtbOptions {
  std::string platform;
  std::string output;
  std::string initrd;
  std::string append;
};

void add_dtb_command(CLI::App& app, DtbOptions& options);
int write_dtb(const DtbOptions& options);

}  // namespace loom::cli
