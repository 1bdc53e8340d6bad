#pragma once
// `monitor` commands (GDB's qRcmd): Loom's own commands from the GDB
// prompt. Each returns the text GDB prints.

#include <functional>
#include <string>
#include <string_view>

#include "target.h"

namespace loom::debug {

// What the board beyond the machine provides (loom run fills these in).
struct MonitorHooks {
  // Reboots the board as a guest's reset request does (harts, local
  // devices, boot images, device servers). Returns an error, or "".
  std::function<std::string()> reset;
  // More lines for `monitor stats` (the bridge's), or empty.
  std::function<std::string()> board_report;
};

std::string run_monitor_command(Target& target, const MonitorHooks& hooks, std::string_view command);

}  // namespace loom::debug
