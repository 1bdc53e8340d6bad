#include "monitor.h"

#include <fmt/format.h>

#include "loom/cpu/snapshot.h"

namespace loom::debug {
namespace {

constexpr const char* kHelp =
    "Loom monitor commands:\n"
    "  monitor help           this list\n"
    "  monitor stats          instructions, simulated and host time, each hart's state\n"
    "  monitor reset          reboot the board (harts, devices, device servers) and stay stopped;\n"
    "                         then `maintenance flush register-cache` so GDB rereads registers\n"
    "  monitor phys on|off    memory reads and writes use physical addresses (on) or each\n"
    "                         hart's current translation (off, the default)\n"
    "  monitor snapshot save FILE   the board's state into FILE (docs/debugging.md, Snapshots)\n"
    "  monitor snapshot load FILE   back to the state in FILE; then `maintenance flush\n"
    "                         register-cache` so GDB rereads registers\n";

const char* mode_name(cpu::PrivilegeMode mode) {
  switch (mode) {
    case cpu::PrivilegeMode::Machine: return "M";
    case cpu::PrivilegeMode::Supervisor: return "S";
    case cpu::PrivilegeMode::User: return "U";
  }
  return "?";
}

std::string stats(Target& target, const MonitorHooks& hooks) {
  cpu::Machine& machine = target.machine();
  const cpu::RunStats s = machine.stats();
  std::string out = fmt::format("instructions retired: {}\nsimulated time: {}.{:06} ms\nhost time running: {:.3f} s\n",
                                s.instructions, s.simulated_ps / 1'000'000'000, (s.simulated_ps % 1'000'000'000) / 1000,
                                s.host_seconds);
  for (uint32_t h = 0; h < machine.num_harts(); ++h) {
    const cpu::HartState& hs = machine.hart_state(h);
    out += fmt::format("hart {}: pc {:#x}, {}-mode, {}, {} retired\n", h, hs.pc, mode_name(hs.priv),
                       machine.hart_sleeping(h) ? "sleeping in wfi" : "running", hs.retired);
  }
  out += machine.engine_report();
  if (hooks.board_report) out += hooks.board_report();
  out += fmt::format("memory access: {}\n", target.physical() ? "physical" : "through each hart's translation");
  return out;
}

std::string snapshot(Target& target, std::string_view argument) {
  const std::string_view verb = argument.substr(0, argument.find(' '));
  std::string file(verb.size() < argument.size() ? argument.substr(verb.size() + 1) : std::string_view());
  while (!file.empty() && file.front() == ' ') file.erase(0, 1);
  if ((verb != "save" && verb != "load") || file.empty()) {
    return "monitor snapshot: expected `monitor snapshot save FILE` or `monitor snapshot load FILE`\n";
  }
  try {
    if (verb == "save") {
      cpu::StateWriter out;
      target.machine().save(out);
      out.write_file(file);
      return fmt::format("snapshot saved to {} ({} bytes)\n", file, out.data().size());
    }
    cpu::StateReader in = cpu::StateReader::from_file(file);
    target.machine().restore(in);
    return fmt::format("snapshot {} loaded: hart 0 at pc {:#x}; run `maintenance flush register-cache`\n", file,
                       target.machine().hart_state(0).pc);
  } catch (const cpu::SnapshotError& e) {
    return fmt::format("monitor snapshot {}: {}\n", verb, e.what());
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string run_monitor_command(Target& target, const MonitorHooks& hooks, std::string_view command) {
  command = trim(command);
  const std::string_view word = command.substr(0, command.find(' '));
  const std::string_view argument = word.size() < command.size() ? trim(command.substr(word.size())) : "";
  if (word == "help" || word.empty()) return kHelp;
  if (word == "stats" && argument.empty()) return stats(target, hooks);
  if (word == "reset" && argument.empty()) {
    if (!hooks.reset) return "monitor reset: this board cannot be reset from the debugger\n";
    const std::string error = hooks.reset();
    if (!error.empty()) return fmt::format("monitor reset failed: {}\n", error);
    return fmt::format("board reset: hart 0 at pc {:#x}; run `maintenance flush register-cache`\n",
                       target.machine().hart_state(0).pc);
  }
  if (word == "snapshot") return snapshot(target, argument);
  if (word == "phys") {
    if (argument == "on" || argument == "off") target.set_physical(argument == "on");
    else if (!argument.empty()) return fmt::format("monitor phys {}: expected on or off\n", argument);
    return fmt::format("memory access: {}\n", target.physical() ? "physical" : "through each hart's translation");
  }
  return fmt::format("unknown monitor command '{}': try `monitor help`\n", command);
}

}  // namespace loom::debug
