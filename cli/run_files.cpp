#include "run_files.h"

#include <fmt/format.h>

#include <filesystem>

#include <sys/stat.h>

#include "remote_spec.h"

namespace loom::cli {
namespace {

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is not a regular file (a FIFO)";
  if (S_ISSOCK(mode)) return "is not a regular file (a socket)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is not a regular file (a device)";
  return "is not a regular file";
}

}  // namespace

void check_input_file(const NamedPath& input) {
  struct stat st {};
  if (stat(input.path.c_str(), &st) != 0) {
    throw UsageError(fmt::format("{} {}: no such file", input.what, input.path));
  }
  if (!S_ISREG(st.st_mode)) throw UsageError(fmt::format("{} {}: {}", input.what, input.path, kind_of(st.st_mode)));
}

std::vector<NamedPath> device_inputs(const std::vector<bridge::ServerConfig>& servers) {
  std::vector<NamedPath> inputs;
  for (const bridge::ServerConfig& server : servers) {
    for (const bridge::RemoteDeviceConfig& device : server.devices) {
      for (const auto& [key, value] : device.params) {
        std::error_code ec;
        if (!value.empty() && std::filesystem::exists(value, ec)) {
          inputs.push_back({fmt::format("device {}: {}", device.name, key), value});
        }
      }
    }
  }
  return inputs;
}

void check_outputs_apart(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  for (const NamedPath& output : outputs) {
    for (const NamedPath& input : inputs) {
      std::error_code ec;  // an output that does not exist yet is no input
      if (std::filesystem::equivalent(output.path, input.path, ec)) {
        throw UsageError(fmt::format("{} {}: is the run's input ({} {}); refusing to write over it", output.what,
                                     output.path, input.what, input.path));
      }
    }
  }
}

}  // namespace loom::cli
