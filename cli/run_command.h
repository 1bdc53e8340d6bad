#pragma once
// `loom run`: options and execution.

#include <cstdint>
#include <string>
#include <vector>

#include "trace_options.h"

namespace CLI {
class App;
}

namespace loom::cli {

struct RunOptions {
  std::string platform = "bare";
  std::string elf;
  std::string firmware;
  std::string kernel;
  std::string initrd;
  std::string append;
  std::string disk;
  bool disk_overlay = false;
  std::string console_log;
  std::string console_socket;
  std::string engine = "jit";
  std::string code_cache = "64MiB";
  uint32_t translate_after = 8;
  uint64_t max_instructions = 0;
  uint32_t harts = 0;       // 0: the platform's (bare: 1)
  std::string quantum;      // empty: the platform's (bare: 10us)
  bool stats = false;
  TraceOptions trace;  // --trace-insn and its filters
  std::string trace_rtl;  // directory: one VCD per RTL device
  bool trace_pcie = false;  // print PCIe address-map changes
  // Devices in device servers (the bridge).
  std::vector<std::string> remotes;
  std::vector<std::string> servers;
  std::vector<std::string> server_args;  // NAME=ARG, appended to a spawned server's command line
  std::string token;
  std::string tls_ca;
  std::string tls_server_name;
  uint64_t deadline_ms = 5000;
  uint64_t connect_timeout_ms = 10000;
  bool no_posted_writes = false;
  bool no_register_mirror = false;
  bool no_reboot = false;
  bool pipelined = false;
  std::string link = "auto";  // auto | shm | grpc (bridge::ServerConfig::Link)
  bool no_idle_skip = false;
  bool realtime = false;
  std::string record;  // console input with its simulated time, to this file
  std::string replay;  // ...and from this file instead of the terminal
  std::string restore;  // a snapshot to start from
  std::string gdb;        // --gdb ADDRESS: the GDB server's :PORT, HOST:PORT or unix:PATH
  bool gdb_wait = false;  // --gdb-wait: halted until GDB attaches
  std::string control;  // --control unix:PATH
  bool control_wait = false;
};

// Exit statuses of `loom run` besides the guest's own exit code.
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInstructionLimit = 124;  // as timeout(1)
constexpr int kExitInterrupted = 130;       // Ctrl-C, as a shell reports SIGINT
constexpr int kExitKilledFromDebugger = 137;  // GDB's `kill`, as a shell reports SIGKILL

void add_run_command(CLI::App& app, RunOptions& options);
// Once per process (main): at the end the machine is left to the OS.
int run(const RunOptions& options);

}  // namespace loom::cli
