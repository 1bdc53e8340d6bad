#pragma once
// The CPU side of the bridge: connects the CPU process to its device
// servers, maps their address ranges onto the CPU bus, delivers their
// interrupts, serves their DMA into RAM, and keeps them in step with the
// harts (SyncSource). No gRPC or protobuf types appear here.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loom/cpu/machine.h"
#include "loom/cpu/snapshot.h"

namespace loom::bridge {

// Bus, device (slot) and function of a PCIe function.
struct PcieAddress {
  uint32_t bus = 0, device = 0, function = 0;
  // Its configuration space's offset in the ECAM window.
  uint64_t ecam_offset() const { return uint64_t{bus} << 20 | uint64_t{device} << 15 | uint64_t{function} << 12; }
};

struct RemoteDeviceConfig {
  std::string name;  // "test0"
  std::string type;  // "loom,test-device"
  uint64_t base = 0;
  uint64_t size = 0;
  // Platform interrupt numbers (PLIC sources); for a PCIe function, those
  // of INTA..INTD after the slot's swizzle.
  std::vector<uint32_t> irqs;
  std::map<std::string, std::string> params;
  // A PCIe function (docs/pcie.md): no base or size; the host bridge maps
  // its BARs where the guest assigns them.
  std::optional<PcieAddress> pcie;
};

// The PCIe host bridge (pci-host-ecam-generic, as on QEMU's virt): an ECAM
// window whose configuration accesses reach the servers hosting the
// functions (absent functions read all-ones), and the windows in which BARs
// may be assigned. CPU and bus addresses are the same (identity ranges).
struct PcieHostConfig {
  std::string name = "pcie";
  uint64_t ecam_base = 0, ecam_size = 0;
  struct Window {
    uint64_t base = 0, size = 0;
  };
  Window mmio32, mmio64, pio;
  bool trace = false;  // print every change of the address map on stderr
};

struct ServerConfig {
  std::string name;     // the platform's name for the server ("dev0")
  std::string address;  // "unix:/path" or "host:port"
  std::string token;    // shared secret sent in the handshake (empty: none)
  std::string tls_ca_file;  // non-empty: TLS, verifying the server against this CA
  std::string tls_server_name;  // certificate name if it differs from the host
  bool posted_writes = true;    // false: every write waits for its response
  // Serve reads of the registers models mirror (a UART's status) without a
  // round trip; invisible to the guest. false: every read asks the server.
  bool mirror_registers = true;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds deadline{5000};  // longest wait for any answer
  // How messages travel after the gRPC handshake (docs/bridge.md):
  // Auto takes the shared-memory link when the server shares this host and
  // user, Shm insists on it (an error otherwise), Grpc never offers it.
  enum class Link { Auto, Shm, Grpc };
  Link link = Link::Auto;
  // Started by this run (loom run spawns it): BridgeConfig::respawn_server
  // can replace it by a fresh process.
  bool spawned = false;
  std::vector<RemoteDeviceConfig> devices;
};

// Where console devices' output goes (the terminal, a log file...).
class ConsoleSink {
 public:
  virtual ~ConsoleSink() = default;
  virtual void console_write(const std::string& device, const std::string& bytes) = 0;
};

struct BridgeConfig {
  std::vector<ServerConfig> servers;
  ConsoleSink* console = nullptr;  // required if a server hosts a console device
  // Wall-clock time at simulated time 0 (ns since the Unix epoch) for the
  // models' real-time clocks: fixed, so that runs repeat.
  uint64_t epoch_ns = 1'767'225'600'000'000'000ull;  // 2026-01-01T00:00:00Z
  // Pipelined mode: a sync is sent at one quantum boundary and its answer
  // collected at the next, so servers simulate quantum n while the CPU runs
  // n+1. Faster, but interrupt delivery then depends on host timing: NOT
  // deterministic. Off by default.
  bool pipelined = false;
  std::optional<PcieHostConfig> pcie;  // required if a server hosts a PCIe function
  // True while typed input can still reach a console device (a terminal
  // not at its end): the machine then waits for it when nothing else is
  // scheduled, instead of ending the run as deadlocked. Null: never.
  std::function<bool()> outside_input;
  // Optional, from whoever spawned the servers: why `server` is gone
  // ("exited with status 1; ..."), or "" while it runs. `settle`: a link to
  // it just broke, so wait a moment for its exit to become visible.
  // Consulted while connecting (a server that dies before it accepts ends
  // the run at once, not at the connect timeout) and in failure messages.
  std::function<std::string(const std::string& server, bool settle)> why_server_gone;
  // --trace-bridge: every transaction into this file (Chrome trace JSON,
  // docs/debugging.md); empty: none.
  std::string trace_path;
  // --record: console input with the simulated time it was delivered at;
  // --replay: that input again, at those times, instead of the terminal's.
  std::string record_path;
  std::string replay_path;
  // Loading a snapshot taken earlier than a server's time needs a fresh
  // server (SystemC time cannot go back): given the name of a server whose
  // session has just ended, starts a new process for it and returns its
  // address once it listens; "" when the server is not one this run
  // started (it runs elsewhere). Unset: never.
  std::function<std::string(const std::string& server)> respawn_server;
};

class Bridge final : public cpu::SyncSource, public cpu::StopSource {
 public:
  // Connects to every server, performs the handshakes (all servers in
  // parallel) and maps the served ranges on `machine`'s bus. Throws
  // cpu::SimulationError with a one-line message naming the server.
  Bridge(const BridgeConfig& config, cpu::Machine& machine, cpu::InterruptController& interrupts);
  ~Bridge() override;
  Bridge(const Bridge&) = delete;
  Bridge& operator=(const Bridge&) = delete;

  uint64_t next_sync_ps() const override;
  void sync(uint64_t time_ps) override;
  // A console device's terminal may type at any time.
  bool may_wake_from_outside() const override;
  void wait_for_outside(unsigned max_wait_ms) override;

  // StopSource: a model asked to power off or reset (sifive,test1).
  bool stop_requested() const override;
  cpu::RunResult stop_result() const override;

  // Bytes typed on the terminal for a console device; thread-safe. They
  // reach the model at the next quantum boundary.
  void push_console_input(const std::string& device, const std::string& bytes);

  // The platform reboots (after a StopReason::Reset): every server's models
  // back to power-on state at `time_ps`, typed input not yet delivered
  // dropped, the reset request forgotten.
  void reset(uint64_t time_ps);

  // Orderly end of every session (also done by the destructor).
  void shutdown(const std::string& reason);
  // Closes the --trace-bridge and --record files: "" if they are
  // complete, else one line saying which is not and why. After shutdown.
  std::string finish_outputs();

  // Snapshots (docs/debugging.md): every server's models and session and
  // each link's state, in the machine's snapshot. Throws cpu::SnapshotError
  // naming the server and device that cannot be saved, or why this run
  // cannot load (--pipelined; --record once it has recorded). A restore
  // into servers already past the snapshot's time respawns the ones this
  // run started and refuses for the others, before changing them.
  void save(cpu::StateWriter& out) const override;
  void restore(cpu::StateReader& in) override;

  // Per-link statistics: requests by kind, round-trip percentiles, syncs,
  // time waiting. Multi-line, for --stats.
  std::string stats_report() const;
  // Wall-clock seconds the CPU spent waiting on servers.
  double wait_seconds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace loom::bridge
