#include "run_command.h"

#include <fmt/format.h>

#include <cstdlib>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>

#include <sys/resource.h>
#include <unistd.h>

#include "loom/bridge/control.h"
#include "loom/bridge/cpu_bridge.h"
#include "loom/cpu/bare_platform.h"
#include "loom/cpu/loader.h"
#include "loom/platforms/machine_builder.h"
#include "loom/platforms/platform.h"
#include "loom/platforms/units.h"
#include "debugger.h"
#include "run_control.h"
#include "number_option.h"
#include "platform_file.h"
#include "remote_spec.h"
#include "run_files.h"
#include "run_signals.h"
#include "server_process.h"
#include "terminal.h"
#include "trace_options.h"
#include "trace_stream.h"
#include "loom/cpu/snapshot.h"
#include "loom/log/log.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::cli {

// The machine of a finished run, left to the OS at exit (see run()). Held
// here rather than dropped, it stays reachable, which tells a leak checker
// (LeakSanitizer in scripts/sanitize.sh's build) that it was left on purpose.
// Not static: the compiler may not drop a store to it.
cpu::Machine* machine_left_to_the_os = nullptr;

namespace {

// What ends a run from outside the guest, between quanta and through the
// normal teardown: a signal, console output that can no longer be
// delivered, a device server that died while the CPU was not talking to it.
class RunStop final : public cpu::StopSource {
 public:
  RunStop(const RunSignals& signals, const Terminal& terminal, const LocalServers& servers)
      : signals_(signals), terminal_(terminal), servers_(servers) {}
  bool stop_requested() const override {
    return signals_.received() != 0 || terminal_.output_fault() != Terminal::OutputFault::None ||
           servers_.any_died();
  }
  // The status and message are decided by finish_status; a server's death
  // is the run's error.
  cpu::RunResult stop_result() const override { return {cpu::StopReason::Error, kExitError, servers_.unexpected_death()}; }

 private:
  const RunSignals& signals_;
  const Terminal& terminal_;
  const LocalServers& servers_;
};

// A second ending signal: no more waiting for the orderly teardown.
[[noreturn]] void stop_at_once(int signal, Terminal& terminal, LocalServers& servers) {
  log::error("{} again: stopping at once", RunSignals::name(signal));
  terminal.suspend_mode();
  servers.kill_now();
  _exit(128 + signal);
}

// The exit status of a run that is over, most fundamental cause first:
// a signal, then output that did not all arrive (docs/bridge.md, "Exit
// status"). -1: neither; the run's own result decides.
int outside_status(const RunSignals& signals, const Terminal& terminal) {
  if (const int signal = signals.received()) {
    log::error("stopped by {}", RunSignals::name(signal));
    return 128 + signal;
  }
  switch (terminal.output_fault()) {
    case Terminal::OutputFault::None: return -1;
    case Terminal::OutputFault::ReaderGone: return 128 + SIGPIPE;  // quiet, as a process SIGPIPE ends
    case Terminal::OutputFault::WriteFailed:
      log::error("{}", terminal.output_fault_message());
      return kExitError;
  }
  return kExitError;
}

// Every file the run reads that the command line names; each must be a
// regular file (a FIFO would block the run).
std::vector<NamedPath> command_line_inputs(const RunOptions& o) {
  std::vector<NamedPath> inputs;
  if (o.platform != "bare") inputs.push_back({"platform file", o.platform});
  const std::pair<const char*, const std::string*> options[] = {
      {"--elf", &o.elf},       {"--firmware", &o.firmware}, {"--kernel", &o.kernel},
      {"--initrd", &o.initrd}, {"--disk", &o.disk},         {"--tls-ca", &o.tls_ca},
      {"--replay", &o.replay}, {"--restore", &o.restore}};
  for (const auto& [what, path] : options)
    if (!path->empty()) inputs.push_back({what, *path});
  for (const NamedPath& input : inputs) check_input_file(input);
  return inputs;
}

// The files the run will write, none of which may be one of its inputs.
void check_outputs(const RunOptions& o, const std::vector<bridge::ServerConfig>& servers,
                   std::vector<NamedPath> inputs) {
  const std::vector<NamedPath> devices = device_inputs(servers);
  inputs.insert(inputs.end(), devices.begin(), devices.end());
  std::vector<NamedPath> outputs;
  if (!o.console_log.empty()) outputs.push_back({"--console-log", o.console_log});
  if (!o.console_socket.empty()) outputs.push_back({"--console-socket", o.console_socket});
  if (!o.trace.bridge.empty()) outputs.push_back({"--trace-bridge", o.trace.bridge});
  if (!o.record.empty()) outputs.push_back({"--record", o.record});
  if (const std::string socket = debugger_socket_path(o); !socket.empty()) outputs.push_back({"--gdb", socket});
  if (!o.control.empty()) outputs.push_back({"--control", bridge::control_socket_path(o.control)});
  for (const bridge::ServerConfig& s : servers) {
    for (const bridge::RemoteDeviceConfig& d : s.devices) {
      if (!o.trace_rtl.empty() && d.params.count("plugin")) {
        outputs.push_back({"--trace-rtl", (std::filesystem::path(o.trace_rtl) / (d.name + ".vcd")).string()});
      }
    }
  }
  check_outputs_apart(inputs, outputs);
}

void print_stats(const cpu::Machine& machine, const bridge::Bridge* bridge) {
  const cpu::RunStats s = machine.stats();
  const double mips = s.host_seconds > 0 ? static_cast<double>(s.instructions) / s.host_seconds / 1e6 : 0.0;
  log::info("instructions retired: {}", s.instructions);
  log::info("simulated time:       {}.{:06} ms", s.simulated_ps / 1'000'000'000,
            (s.simulated_ps % 1'000'000'000) / 1000);
  log::info("host time:            {:.3f} s", s.host_seconds);
  log::info("host speed:           {:.1f} MIPS", mips);
  log::relay(machine.engine_report());
  if (bridge) {
    log::relay(bridge->stats_report());
    log::info("guest execution (host time not waiting on servers): {:.3f} s", s.host_seconds - bridge->wait_seconds());
    log::info("time waiting on device servers: {:.3f} s ({:.1f}% of host time)", bridge->wait_seconds(),
              s.host_seconds > 0 ? 100.0 * bridge->wait_seconds() / s.host_seconds : 0.0);
  }
}

// Peak resident memory of this (CPU) process and of the largest device
// server it started, from the servers' own accounting when they were reaped.
void print_peak_memory(const LocalServers& servers) {
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  std::string line = fmt::format("peak memory: CPU process {:.1f} MiB", self.ru_maxrss / 1024.0);
  if (servers.peak_rss_kib() > 0) line += fmt::format(", largest device server {:.1f} MiB", servers.peak_rss_kib() / 1024.0);
  log::info("{}", line);
}

}  // namespace

void add_run_command(CLI::App& app, RunOptions& o) {
  CLI::App* run = app.add_subcommand("run", "Run a program on a platform");
  run->add_option("platform,--platform", o.platform,
                  "A platform file (platforms/virt.yaml) or the built-in `bare` platform")
      ->capture_default_str();
  run->add_option("--elf", o.elf, "bare: the RISC-V ELF to load; harts start at its entry point")
      ->check(CLI::ExistingFile);
  run->add_option("--firmware", o.firmware,
                  "Platform file: the image the boot ROM jumps to (replaces boot.firmware). An ELF is loaded at "
                  "its own addresses, a raw image at boot.firmware-address; either way harts enter it at "
                  "boot.firmware-address with a0 = hartid, a1 = DTB (QEMU's -bios FILE, or -bios none -kernel FILE)")
      ->check(CLI::ExistingFile);
  run->add_option("--kernel", o.kernel, "Platform file: the payload after the firmware (replaces boot.kernel)")
      ->check(CLI::ExistingFile);
  run->add_option("--initrd", o.initrd, "Platform file: an initial ramdisk (replaces boot.initrd)")
      ->check(CLI::ExistingFile);
  run->add_option("--disk", o.disk, "Platform file: raw disk image for the virtio block device")
      ->check(CLI::ExistingFile);
  run->add_flag("--disk-overlay", o.disk_overlay,
                "Platform file: keep the guest's disk writes in memory, never in the images (QEMU's -snapshot); "
                "snapshots of the board then include them");
  run->add_option("--append", o.append, "Platform file: kernel command line (replaces boot.bootargs)");
  run->add_flag("--no-idle-skip", o.no_idle_skip,
                "Step through idle time quantum by quantum instead of jumping to the next event (see docs/platforms.md)");
  run->add_flag("--realtime", o.realtime,
                "While the board is idle, let simulated time pass no faster than host time (interactive sessions, "
                "devices that talk to the outside world); default: skip idle time unless console input can come");
  run->add_option("--record", o.record,
                  "Record console input with the simulated time it reached the board, to replay the session exactly");
  run->add_option("--replay", o.replay, "Replay console input recorded with --record (the terminal's input is ignored)")
      ->check(CLI::ExistingFile);
  run->add_option("--restore", o.restore,
                  "Start from a snapshot (GDB's `monitor snapshot save FILE`, `loom ctl snapshot save`) of this "
                  "same board, device servers included, instead of its reset state")
      ->check(CLI::ExistingFile);
  run->add_flag("--no-reboot", o.no_reboot,
                "When the guest asks for a reboot, end the run (exit status 0) instead of rebooting the board");
  run->add_option("--console-log", o.console_log, "Also write the console's output to this file");
  run->add_option("--console-socket", o.console_socket,
                  "Also serve the console on this unix socket (output mirrored, input forwarded)");
  run->add_option("--engine", o.engine,
                  "Execution engine: jit (translate to x86-64), interp (reference interpreter), audit (every "
                  "block under both, compared; stops at the first divergence)")
      ->check(CLI::IsMember({"jit", "interp", "audit"}))
      ->capture_default_str();
  add_number_option(run, "--translate-after", o.translate_after, 1, 1'000'000,
                    "The JIT translates a block the Nth time it is reached and interprets it until then (1: at once)");
  run->add_option("--code-cache", o.code_cache,
                  "Host code the JIT may keep before it starts over (e.g. 64MiB)")
      ->capture_default_str();
  add_number_option(run, "--max-instructions", o.max_instructions, 0, UINT64_MAX,
                    fmt::format("Stop after N retired instructions (all harts) with exit status {}; 0 = no limit",
                                kExitInstructionLimit));
  add_number_option(run, "--harts", o.harts, 1, 64, "Number of harts (replaces the platform's; bare: 1)");
  run->add_option("--quantum", o.quantum,
                  "Simulated time per hart turn and between device-server syncs, e.g. 10us (replaces the "
                  "platform's; bare: 10us)");
  run->add_flag("--stats", o.stats,
                "Print instructions retired, simulated time, host MIPS and per-link bridge statistics (stderr)");
  add_trace_options(run, o.trace);
  run->add_option("--gdb", o.gdb,
                  "Serve GDB's remote protocol on :PORT (127.0.0.1), HOST:PORT or unix:PATH; GDB may attach "
                  "at any time (docs/debugging.md)");
  run->add_flag("--gdb-wait", o.gdb_wait, "With --gdb: wait for GDB before the first instruction");
  run->add_option("--control", o.control,
                  "Serve run control on unix:PATH for `loom ctl` (pause, resume, step, status, snapshots, quit; "
                  "docs/debugging.md)");
  run->add_flag("--control-wait", o.control_wait, "With --control: start paused, until `loom ctl resume`");
  run->add_option("--trace-rtl", o.trace_rtl,
                  "Write every RTL device's signals to DIR/<device>.vcd (GTKWave), in simulated time");
  run->add_flag("--trace-pcie", o.trace_pcie,
                "Print every change of the PCIe address map (a BAR mapped or unmapped) to stderr");

  auto* bridge = "Device servers";
  run->add_option("--remote", o.remotes,
                  "A device in a device server: SERVER:NAME:TYPE:BASE:SIZE[:IRQ[+IRQ]][:KEY=VALUE[,...]] "
                  "(IRQs are PLIC sources)")
      ->group(bridge);
  run->add_option("--server", o.servers,
                  "Where a server runs: NAME=spawn (default: started by loom run) or NAME=ADDRESS "
                  "(unix:/path or host:port, started elsewhere with `loom serve`)")
      ->group(bridge);
  run->add_option("--server-arg", o.server_args, "NAME=ARG: extra argument for a spawned server")->group(bridge);
  run->add_option("--token", o.token, "Shared secret presented to every server")->group(bridge);
  run->add_option("--tls-ca", o.tls_ca, "Connect with TLS, verifying servers against this CA (PEM)")
      ->check(CLI::ExistingFile)
      ->group(bridge);
  run->add_option("--tls-server-name", o.tls_server_name, "Name expected in the servers' certificates")->group(bridge);
  add_number_option(run, "--bridge-deadline", o.deadline_ms, 1, 3'600'000,
                    "Milliseconds to wait for any server answer before failing the run")
      ->group(bridge);
  add_number_option(run, "--connect-timeout", o.connect_timeout_ms, 1, 3'600'000,
                    "Milliseconds to wait for a server to accept the link")
      ->group(bridge);
  run->add_flag("--no-posted-writes", o.no_posted_writes,
                "Every write to a remote device waits for its response (precise access faults)")
      ->group(bridge);
  run->add_flag("--no-register-mirror", o.no_register_mirror,
                "Every read of a remote device asks its server, even of registers the model mirrors "
                "(same guest behaviour, more round trips)")
      ->group(bridge);
  run->add_flag("--pipelined", o.pipelined,
                "Servers simulate quantum n while the CPU runs n+1: faster, NOT deterministic")
      ->group(bridge);
  // The default may come from LOOM_LINK, so that a whole test suite can run
  // over either link.
  if (const char* env = std::getenv("LOOM_LINK")) o.link = env;
  run->add_option("--link", o.link,
                  "How messages travel after the handshake: auto (shared memory with a server on this host, "
                  "gRPC otherwise), shm (shared memory or an error), grpc. Default: $LOOM_LINK, else auto")
      ->check(CLI::IsMember({"auto", "shm", "grpc"}))
      ->group(bridge);
}

namespace {

// What the two kinds of platform (built-in bare, platform file) hand to the
// common part of a run.
struct Prepared {
  std::unique_ptr<cpu::Machine> machine;
  cpu::InterruptController* interrupts = nullptr;
  std::vector<bridge::ServerConfig> servers;
  std::optional<bridge::PcieHostConfig> pcie;  // the platform's PCIe host bridge, if any
  std::string console_device;  // the UART that owns the terminal, if any
  std::vector<NamedPath> inputs;  // files the platform file names
  // A platform file's CPU side is built once its device servers are
  // starting: the images load while the server processes start up.
  std::function<void(Prepared&)> build;
};

// The first of the options given that the chosen kind of platform has no
// use for: they are refused, never ignored.
const char* option_not_for(const RunOptions& o, bool bare) {
  using Given = std::vector<std::pair<const char*, bool>>;
  const Given bare_only = {{"--elf", !o.elf.empty()}, {"--remote", !o.remotes.empty()}, {"--server", !o.servers.empty()}};
  const Given file_only = {
      {"--firmware", !o.firmware.empty()}, {"--kernel", !o.kernel.empty()},   {"--initrd", !o.initrd.empty()},
      {"--disk", !o.disk.empty()},         {"--append", !o.append.empty()},   {"--no-idle-skip", o.no_idle_skip},
      {"--disk-overlay", o.disk_overlay},
      {"--trace-pcie", o.trace_pcie}};
  for (const auto& [name, given] : bare ? file_only : bare_only)
    if (given) return name;
  return nullptr;
}

constexpr uint64_t kMinCodeCache = 1ull << 20;  // as the JIT's code cache takes it
constexpr uint64_t kMaxCodeCache = 1ull << 30;

// An option given that nothing on this platform would use, or that names a
// server the run does not spawn: empty if there is none. (Engine options
// apply to any platform: scripts pass them to every engine alike.)
std::string option_without_use(const RunOptions& o, const std::vector<bridge::ServerConfig>& servers) {
  const RunOptions defaults;
  const std::pair<const char*, bool> server_options[] = {
      {"--server-arg", !o.server_args.empty()},
      {"--token", !o.token.empty()},
      {"--tls-ca", !o.tls_ca.empty()},
      {"--tls-server-name", !o.tls_server_name.empty()},
      {"--bridge-deadline", o.deadline_ms != defaults.deadline_ms},
      {"--connect-timeout", o.connect_timeout_ms != defaults.connect_timeout_ms},
      {"--no-posted-writes", o.no_posted_writes},
      {"--no-register-mirror", o.no_register_mirror},
      {"--pipelined", o.pipelined},
      {"--trace-bridge", !o.trace.bridge.empty()}};
  for (const auto& [name, given] : server_options) {
    if (given && servers.empty()) return fmt::format("{}: the platform has no device server", name);
  }
  const bool rtl = std::any_of(servers.begin(), servers.end(), [](const auto& s) {
    return std::any_of(s.devices.begin(), s.devices.end(), [](const auto& d) { return d.params.count("plugin") > 0; });
  });
  if (!o.trace_rtl.empty() && !rtl) return "--trace-rtl: the platform has no RTL device (a plugin)";
  const bool console = std::any_of(servers.begin(), servers.end(), [](const auto& s) {
    return std::any_of(s.devices.begin(), s.devices.end(),
                       [](const auto& d) { return d.type == tlm_devices::type_names::kUart16550; });
  });
  for (const auto& [name, given] : {std::pair<const char*, bool>{"--record", !o.record.empty()},
                                    std::pair<const char*, bool>{"--replay", !o.replay.empty()}}) {
    if (given && !console) return fmt::format("{}: the platform has no console device (an ns16550a in a device server)", name);
  }
  if (!o.record.empty() && !o.replay.empty()) return "--record and --replay: a run records its input or replays it";
  if (!o.replay.empty() && o.pipelined) return "--replay: a --pipelined run is not deterministic and cannot replay";
  if (o.realtime && o.no_idle_skip) return "--realtime and --no-idle-skip: idle time is either paced or stepped through";
  for (const std::string& a : o.server_args) {
    const std::string name = a.substr(0, a.find('='));
    const bool spawned = std::any_of(servers.begin(), servers.end(),
                                     [&](const auto& s) { return s.name == name && s.address.empty(); });
    if (a.find('=') == std::string::npos || !spawned) {
      return fmt::format("--server-arg {}: expected NAME=ARG, NAME a server that loom run starts", a);
    }
  }
  return {};
}

int prepare_bare(const RunOptions& o, std::ostream& console, Prepared& out) {
  if (const char* option = option_not_for(o, true)) {
    log::error("{} belongs to a platform file (e.g. platforms/virt.yaml); the bare platform "
                             "runs --elf FILE",
                             option);
    return kExitUsage;
  }
  if (o.elf.empty()) {
    log::error("the bare platform needs a program: --elf FILE");
    return kExitUsage;
  }
  std::vector<ServerPlacement> placements;
  uint64_t quantum_ps = 0;
  try {
    quantum_ps = parse_duration_ps(o.quantum.empty() ? "10us" : o.quantum);
    if (const std::string problem = platforms::quantum_problem(cpu::BarePlatformOptions{}.clock_hz, quantum_ps);
        !problem.empty()) {
      throw UsageError("--quantum: " + problem);
    }
    out.servers = build_server_configs(o.remotes, o.servers, placements);
    if (const std::string problem = option_without_use(o, out.servers); !problem.empty()) throw UsageError(problem);
    // A UART among the remote devices owns the terminal, as on a platform file's board.
    for (const bridge::ServerConfig& s : out.servers)
      for (const bridge::RemoteDeviceConfig& d : s.devices)
        if (out.console_device.empty() && d.type == tlm_devices::type_names::kUart16550) out.console_device = d.name;
  } catch (const UsageError& e) {
    log::error("{}", e.what());
    return kExitUsage;
  }
  try {
    cpu::BarePlatformOptions bare;
    bare.elf_path = o.elf;
    bare.num_harts = o.harts ? o.harts : 1;
    bare.quantum_ps = quantum_ps;
    bare.console = &console;
    cpu::BarePlatform platform = cpu::build_bare_platform(bare);
    out.machine = std::move(platform.machine);
    out.interrupts = platform.interrupts;
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return kExitError;
  }
  return 0;
}

int prepare_platform_file(const RunOptions& o, Prepared& out) {
  if (const char* option = option_not_for(o, false)) {
    log::error("{} belongs to the bare platform; a platform file names its images and devices "
                             "(use --firmware, --kernel, --initrd, --append)",
                             option);
    return kExitUsage;
  }
  try {
    platforms::BootOverrides overrides{o.firmware, o.kernel, o.initrd, o.disk, o.disk_overlay, {}};
    if (!o.append.empty()) overrides.bootargs = o.append;
    overrides.harts = o.harts;
    if (!o.quantum.empty()) overrides.quantum_ps = parse_duration_ps(o.quantum);
    platforms::PlatformDescription platform = read_platform_file(o.platform, overrides);
    out.inputs.push_back({"platform file", platform.file});
    for (const auto& [what, path] : {std::pair{"boot.firmware", platform.boot.firmware},
                                     {"boot.kernel", platform.boot.kernel}, {"boot.initrd", platform.boot.initrd}})
      if (!path.empty()) out.inputs.push_back({what, path});
    if (o.no_idle_skip) platform.skip_idle = false;
    if (o.trace_pcie && !platforms::pcie_host_config(platform)) {
      throw UsageError(fmt::format("--trace-pcie: {} has no PCIe host bridge", o.platform));
    }
    out.servers = platforms::server_configs(platform);
    if (const std::string problem = option_without_use(o, out.servers); !problem.empty()) throw UsageError(problem);
    out.pcie = platforms::pcie_host_config(platform);
    if (const auto* uart = platform.find_device_of_type(tlm_devices::type_names::kUart16550)) out.console_device = uart->name;
    out.build = [platform = std::move(platform)](Prepared& p) {
      platforms::CpuSide side = platforms::build_cpu_side(platform);
      p.machine = std::move(side.machine);
      p.interrupts = side.interrupts;
    };
  } catch (const UsageError& e) {
    log::error("{}", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return kExitError;
  }
  return 0;
}

}  // namespace

int run(const RunOptions& o) {
  // --link is checked by its option; a default from the environment is not.
  if (o.link != "auto" && o.link != "shm" && o.link != "grpc") {
    log::error("LOOM_LINK={}: expected auto, shm or grpc", o.link);
    return kExitUsage;
  }
  if (const int status = check_debugger_options(o)) return status;
  std::unique_ptr<Terminal> terminal_owner;
  try {
    terminal_owner = std::make_unique<Terminal>();
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return kExitError;
  }
  Terminal& terminal = *terminal_owner;
  LocalServers local;
  RunSignals signals;  // before any thread starts; destroyed before what its handlers use
  signals.set_handlers({[&](int signal) { stop_at_once(signal, terminal, local); },
                        [&] { terminal.suspend_mode(); }, [&] { terminal.resume_mode(); }});
  Prepared prepared;
  const bool bare = o.platform == "bare";
  if (!bare && o.platform.find('.') == std::string::npos && o.platform.find('/') == std::string::npos) {
    log::error("unknown platform '{}' (built in: bare; or a platform file, e.g. "
                             "platforms/virt.yaml)",
                             o.platform);
    return kExitUsage;
  }
  cpu::EngineOptions engine;
  engine.kind = o.engine == "interp" ? cpu::EngineKind::Interpreter
                : o.engine == "audit" ? cpu::EngineKind::Audit
                                      : cpu::EngineKind::Jit;
  try {
    engine.code_cache_bytes = platforms::parse_size(o.code_cache);
  } catch (const platforms::UnitError& e) {
    log::error("--code-cache: {} (expected e.g. 64MiB)", e.what());
    return kExitUsage;
  }
  if (engine.code_cache_bytes < kMinCodeCache || engine.code_cache_bytes > kMaxCodeCache) {
    log::error("--code-cache: {} is out of range (1MiB..1GiB)", o.code_cache);
    return kExitUsage;
  }
  std::vector<NamedPath> inputs;
  try {
    inputs = command_line_inputs(o);
  } catch (const UsageError& e) {
    log::error("{}", e.what());
    return kExitUsage;
  }
  if (const int status = bare ? prepare_bare(o, terminal.htif_console(), prepared) : prepare_platform_file(o, prepared))
    return status;
  std::string trace_dir;  // --trace-rtl, absolute (servers may run elsewhere)
  if (!o.trace_rtl.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.trace_rtl, ec);
    if (ec || !std::filesystem::is_directory(o.trace_rtl)) {
      log::error("--trace-rtl {}: cannot create the directory", o.trace_rtl);
      return kExitUsage;
    }
    trace_dir = std::filesystem::absolute(o.trace_rtl).string();
  }
  engine.profile = o.stats;
  engine.translate_after = o.translate_after;

  try {
    for (const NamedPath& input : prepared.inputs) check_input_file(input);
    inputs.insert(inputs.end(), prepared.inputs.begin(), prepared.inputs.end());
    check_outputs(o, prepared.servers, inputs);
  } catch (const UsageError& e) {
    log::error("{}", e.what());
    return kExitUsage;
  }
  try {
    terminal.open_outputs(o.console_log, o.console_socket);
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return kExitError;
  }
  bridge::BridgeConfig config;
  config.pipelined = o.pipelined;
  config.console = &terminal;
  config.trace_path = o.trace.bridge;
  config.record_path = o.record;
  config.replay_path = o.replay;
  config.why_server_gone = [&local](const std::string& name, bool settle) { return local.explain(name, settle); };
  config.pcie = prepared.pcie;
  config.respawn_server = [&local, &o](const std::string& name) {
    return local.respawn(name, std::chrono::milliseconds(o.connect_timeout_ms));
  };
  // A replayed run takes no input from the terminal: it has its own.
  const bool terminal_input = !prepared.console_device.empty() && o.replay.empty();
  if (terminal_input) config.outside_input = [&terminal] { return terminal.input_possible(); };
  if (config.pcie) config.pcie->trace = o.trace_pcie;
  try {
    for (bridge::ServerConfig& s : prepared.servers) {
      if (!o.token.empty()) s.token = o.token;
      if (!o.tls_ca.empty()) s.tls_ca_file = o.tls_ca;
      if (!o.tls_server_name.empty()) s.tls_server_name = o.tls_server_name;
      s.posted_writes = !o.no_posted_writes;
      s.link = o.link == "shm" ? bridge::ServerConfig::Link::Shm
               : o.link == "grpc" ? bridge::ServerConfig::Link::Grpc
                                  : bridge::ServerConfig::Link::Auto;
      s.mirror_registers = !o.no_register_mirror;
      s.deadline = std::chrono::milliseconds(o.deadline_ms);
      s.connect_timeout = std::chrono::milliseconds(o.connect_timeout_ms);
      if (!trace_dir.empty()) {
        // RTL devices (plugins) trace into DIR; a remote server writes on its own host.
        for (bridge::RemoteDeviceConfig& d : s.devices) {
          if (d.params.count("plugin")) d.params["trace"] = trace_dir + "/" + d.name + ".vcd";
        }
      }
      if (s.address.empty()) {
        std::vector<std::string> extra;
        for (const std::string& a : o.server_args) {
          if (a.rfind(s.name + "=", 0) == 0) extra.push_back(a.substr(s.name.size() + 1));
        }
        local.spawn(s, extra);
        s.spawned = true;
      }
      config.servers.push_back(s);
    }
    if (prepared.build) prepared.build(prepared);  // while the servers start
  } catch (const UsageError& e) {
    log::error("{}", e.what());
    local.stop_all(0);  // nothing connected to them yet
    return kExitUsage;
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    local.stop_all(0);
    return kExitError;
  }
  cpu::Machine& machine = *prepared.machine;
  try {
    machine.set_engine(engine);
  } catch (const std::exception& e) {
    log::error("--engine {}: {}", o.engine, e.what());
    local.stop_all(0);
    return kExitUsage;
  }
  TraceStream trace_out;
  try {
    machine.set_realtime(o.realtime);
    const cpu::TraceFilter filter = trace_filter(o.trace, machine.config().num_harts);  // checks the filters
    if (o.trace.insn) machine.set_trace(&trace_out, filter);
  } catch (const UsageError& e) {
    log::error("{}", e.what());
    local.stop_all(0);
    return kExitUsage;
  }
  RunStop run_stop(signals, terminal, local);
  machine.add_stop_source(run_stop);
  std::unique_ptr<bridge::Bridge> link;
  std::unique_ptr<RunControl> control;
  if (!o.control.empty()) {
    try {
      control = std::make_unique<RunControl>(o.control, machine, run_stop, [&link] { return link.get(); });
      if (o.control_wait) control->start_paused();
    } catch (const std::exception& e) {
      log::error("{}", e.what());
      local.stop_all(0);
      return kExitError;
    }
  }
  std::unique_ptr<debug::GdbServer> debugger;
  if (!o.gdb.empty()) {
    try {
      debugger = start_debugger(o, machine, run_stop, [&link] { return link.get(); }, control.get());
    } catch (const std::exception& e) {
      log::error("{}", e.what());
      local.stop_all(0);
      return kExitError;
    }
  }

  if (!prepared.servers.empty()) {
    try {
      local.wait_until_listening(std::chrono::milliseconds(o.connect_timeout_ms),
                                 [&signals] { return signals.received() != 0; });
      if (signals.received()) {
        local.stop_all(0);
        return outside_status(signals, terminal);
      }
      link = std::make_unique<bridge::Bridge>(config, machine, *prepared.interrupts);
      local.all_connected();
      machine.add_sync_source(*link);
      machine.add_stop_source(*link);
    } catch (const std::exception& e) {
      local.stop_all(100);
      if (signals.received()) return outside_status(signals, terminal);
      log::error("{}", e.what());
      return kExitError;
    }
  }
  if (!o.restore.empty()) {
    // The whole board as the snapshot has it (docs/debugging.md): a board
    // it does not fit, or one whose parts cannot be restored yet, is refused.
    try {
      cpu::StateReader in = cpu::StateReader::from_file(o.restore);
      machine.restore(in);
    } catch (const cpu::SnapshotError& e) {
      log::error("--restore: {}", e.what());
      if (link) link->shutdown("the snapshot could not be restored");
      local.stop_all(100);
      return kExitError;
    }
  }
  if (link && terminal_input) {
    terminal.start_input([&link, device = prepared.console_device](const std::string& bytes) {
      link->push_console_input(device, bytes);
    });
  }

  cpu::RunResult result;
  for (;;) {
    result = debugger  ? debugger->run(o.max_instructions)
             : control ? control->run(o.max_instructions)
                       : machine.run(o.max_instructions);
    if (result.reason != cpu::StopReason::Reset) break;
    if (o.no_reboot) {
      result = {cpu::StopReason::GuestExit, result.exit_code, result.message + "; --no-reboot ends the run"};
      break;
    }
    log::info("{}: rebooting", result.message);
    machine.reset();
    try {
      if (link) link->reset(machine.stats().simulated_ps);
    } catch (const std::exception& e) {
      result = {cpu::StopReason::Error, kExitError, e.what()};
      break;
    }
  }
  const bool killed_from_debugger = debugger && debugger->killed();
  const bool quit_from_control = control && control->quit();
  if (control) control->ended(result);
  debugger.reset();  // its unix socket goes
  control.reset();
  terminal.stop_input();
  terminal.finish_output();
  trace_out.finish();  // before Loom's own last lines
  if (link) link->shutdown(result.reason == cpu::StopReason::GuestExit ? "guest exited" : result.message);
  const std::string trace_failure = link ? link->finish_outputs() : std::string();
  local.stop_all(result.reason == cpu::StopReason::Error ? 100 : 1000);
  if (o.stats) {
    print_stats(machine, link.get());
    print_peak_memory(local);
  }
  // The process ends right after this: the OS reclaims the machine's RAM
  // and translations at once, where freeing the blocks one by one took
  // some 25 ms after a Linux boot (the run's exit is part of its time).
  // Nothing in the machine has output left to flush.
  link.reset();  // it refers to the machine
  machine_left_to_the_os = prepared.machine.release();

  if (const int status = outside_status(signals, terminal); status >= 0) return status;
  if (killed_from_debugger) {
    log::error("killed from GDB");
    return kExitKilledFromDebugger;
  }
  if (quit_from_control) {
    log::info("the run ended: loom ctl quit");
    return 0;
  }
  // An incomplete --trace-bridge or --record fails the run, as incomplete
  // console output does.
  if (!trace_failure.empty() && result.message != trace_failure) {
    if (result.reason == cpu::StopReason::Error) log::error("{}", result.message);
    log::error("{}", trace_failure);
    return kExitError;
  }
  switch (result.reason) {
    case cpu::StopReason::GuestExit:
      if (!result.message.empty()) log::error("{}", result.message);
      // An exit status carries 8 bits: a failing guest whose code does not
      // fit (256 would read as 0) must not look like a passing one.
      if (result.exit_code < 0 || result.exit_code > 255) {
        log::error("the guest exited with code {}, which an exit status cannot carry: "
                                 "exiting {}",
                                 result.exit_code, kExitError);
        return kExitError;
      }
      return result.exit_code;
    case cpu::StopReason::InstructionLimit:
      log::error("{}", result.message);
      return kExitInstructionLimit;
    case cpu::StopReason::Error:
      log::error("{}", result.message);
      return kExitError;
    case cpu::StopReason::Reset: break;  // handled above
    case cpu::StopReason::Debug:  // the debugger's run loop never returns it
      log::error("the run stopped for a debugger, but none is attached");
      return kExitError;
  }
  return kExitError;
}

}  // namespace loom::cli
