#pragma once
// Command-line descriptions of remote devices and device servers, turned
// into the bridge's configuration.
//
//   --remote SERVER:NAME:TYPE:BASE:SIZE[:IRQ[+IRQ...]][:KEY=VALUE[,KEY=VALUE...]]
//   --server NAME=spawn | NAME=unix:/path | NAME=HOST:PORT
//   --quantum 10us   (units: ps, ns, us, ms)

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "loom/bridge/cpu_bridge.h"

namespace loom::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "10us" -> 10'000'000 ps. Throws UsageError naming the value.
uint64_t parse_duration_ps(const std::string& text);

struct ServerPlacement {
  std::string name;
  std::string address;  // empty: spawn locally
};

// Groups --remote devices by server. Every server named by a device must
// either be spawned (default) or have an address from --server.
std::vector<bridge::ServerConfig> build_server_configs(const std::vector<std::string>& remotes,
                                                       const std::vector<std::string>& servers,
                                                       std::vector<ServerPlacement>& placements);

}  // namespace loom::cli
