#pragma once
// What `loom run` guarantees about a user's files: it reads its inputs
// (images, platform file, certificates) and writes only the outputs asked
// for (console log, console socket, RTL traces); an output that is one of the
// inputs is refused before anything is opened for writing, so no input is
// ever truncated or replaced. Inputs must be regular files: a FIFO would
// block the run, a directory is no image.

#include <string>
#include <vector>

#include "loom/bridge/cpu_bridge.h"

namespace loom::cli {

// A path and what named it: "--kernel", "boot.firmware", "device disk: image".
struct NamedPath {
  std::string what;
  std::string path;
};

// Throws UsageError ("--elf /tmp/f: is not a regular file (a FIFO)") unless
// `path` is a regular file (or a link to one).
void check_input_file(const NamedPath& input);

// Every input of the devices in `servers`: parameter values that name files
// (disk images, plugins).
std::vector<NamedPath> device_inputs(const std::vector<bridge::ServerConfig>& servers);

// Throws UsageError if an output is the same file as an input
// (std::filesystem::equivalent: links and other names of it included).
void check_outputs_apart(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

}  // namespace loom::cli
