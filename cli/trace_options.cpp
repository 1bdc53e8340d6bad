#include "trace_options.h"

#include <fmt/format.h>

#include "loom/platforms/units.h"
#include "number_option.h"
#include "remote_spec.h"

namespace loom::cli {
namespace {

uint64_t address(const std::string& text, const std::string& option) {
  try {
    return platforms::parse_number(text);
  } catch (const platforms::UnitError& e) {
    throw UsageError(fmt::format("{}: {} (decimal or 0x hex)", option, e.what()));
  }
}

void parse_pc_range(const std::string& text, cpu::TraceFilter& filter) {
  const size_t dash = text.find('-');
  filter.pc_low = address(text.substr(0, dash), "--trace-pc");
  filter.pc_high = dash == std::string::npos ? filter.pc_low : address(text.substr(dash + 1), "--trace-pc");
  if (filter.pc_high < filter.pc_low) {
    throw UsageError(fmt::format("--trace-pc {}: the range ends before it starts", text));
  }
}

uint8_t parse_modes(const std::string& text) {
  uint8_t modes = 0;
  for (const char c : text) {
    switch (c) {
      case 'M': case 'm': modes |= 1u << static_cast<unsigned>(cpu::PrivilegeMode::Machine); break;
      case 'S': case 's': modes |= 1u << static_cast<unsigned>(cpu::PrivilegeMode::Supervisor); break;
      case 'U': case 'u': modes |= 1u << static_cast<unsigned>(cpu::PrivilegeMode::User); break;
      case ',': break;
      default: throw UsageError(fmt::format("--trace-priv {}: expected privilege modes M, S, U (e.g. S,U)", text));
    }
  }
  if (modes == 0) throw UsageError("--trace-priv: expected privilege modes M, S, U (e.g. S,U)");
  return modes;
}

}  // namespace

void add_trace_options(CLI::App* run, TraceOptions& o) {
  const char* group = "Tracing";
  run->add_flag("--trace-insn", o.insn,
                "Print every instruction (pc, encoding, disassembly, register writes) to stderr; the --trace-* "
                "filters below narrow it")
      ->group(group);
  run->add_option("--trace-hart", o.harts, "Trace only these harts (N[,N...])")->delimiter(',')->group(group);
  run->add_option("--trace-pc", o.pc, "Trace only instructions at pc ADDR or in LOW-HIGH (inclusive)")->group(group);
  run->add_option("--trace-priv", o.modes, "Trace only in these privilege modes (M, S, U; e.g. S,U)")->group(group);
  add_number_option(run, "--trace-from", o.from, 0, UINT64_MAX,
                    "Start tracing at each hart's Nth retired instruction (before: full speed)")
      ->group(group);
  add_number_option(run, "--trace-count", o.count, 1, UINT64_MAX, "Trace this many instructions per hart, then stop")
      ->group(group);
  run->add_option("--trace-bridge", o.bridge,
                  "Write every bridge transaction (time, device, address, size, data, latency) to FILE as a Chrome "
                  "trace (JSON: Perfetto, chrome://tracing)")
      ->group(group);
}

cpu::TraceFilter trace_filter(const TraceOptions& o, uint32_t num_harts) {
  const std::pair<const char*, bool> filters[] = {{"--trace-hart", !o.harts.empty()},
                                                  {"--trace-pc", !o.pc.empty()},
                                                  {"--trace-priv", !o.modes.empty()},
                                                  {"--trace-from", o.from != 0},
                                                  {"--trace-count", o.count != 0}};
  for (const auto& [name, given] : filters) {
    if (given && !o.insn) throw UsageError(fmt::format("{} filters --trace-insn, which is not given", name));
  }
  cpu::TraceFilter filter;
  for (const uint32_t hart : o.harts) {
    if (hart >= num_harts) {
      throw UsageError(fmt::format("--trace-hart {}: the board has {} hart{}", hart, num_harts, num_harts == 1 ? "" : "s"));
    }
  }
  filter.harts = o.harts;
  if (!o.pc.empty()) parse_pc_range(o.pc, filter);
  if (!o.modes.empty()) filter.modes = parse_modes(o.modes);
  filter.first = o.from;
  if (o.count != 0) filter.count = o.count;
  return filter;
}

}  // namespace loom::cli
