#pragma once
// `loom ctl --control unix:PATH COMMAND`: run control of a `loom run
// --control unix:PATH` (docs/debugging.md, "Run control").

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace loom::cli {

struct CtlOptions {
  std::string control;    // unix:PATH
  std::string verb;       // the subcommand taken
  uint64_t count = 1;     // step N
  std::string snapshot_verb;  // save | load
  std::string name;           // the snapshot file
  uint64_t timeout_ms = 60000;
};

void add_ctl_command(CLI::App& app, CtlOptions& options);
// 0: done; 1: refused, or no run answered (one line on stderr).
int ctl(const CtlOptions& options);

}  // namespace loom::cli
