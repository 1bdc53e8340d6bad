#pragma once
// The PCIe host bridge of the CPU process (docs/pcie.md): the ECAM window
// as a cpu::Device, which sends each configuration access to the server
// hosting that bus/device/function (absent functions read all-ones and
// ignore writes, as a root complex answers an Unsupported Request), and the
// keeper of the address map: when a server reports that a function's BARs
// decode somewhere new, the old windows leave the CPU bus and the new ones
// are mapped to the function's link.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cpu/remote_device.h"
#include "cpu/server_link.h"
#include "loom/bridge/cpu_bridge.h"
#include "loom/cpu/bus.h"

namespace loom::bridge {

class PcieHost final : public cpu::Device {
 public:
  PcieHost(const PcieHostConfig& config, cpu::Bus& bus);
  ~PcieHost() override;

  void add_function(const RemoteDeviceConfig& device, ServerLink& link);
  // After the handshakes, before the guest runs: sizes every function's
  // BARs (as firmware would, restoring them) and throws std::invalid_argument
  // naming a BAR that no window of the host bridge can hold.
  void check_bars();
  // A server's report: `device`'s windows are now `windows`.
  void windows_changed(const std::string& device, const std::vector<BarWindow>& windows, uint64_t time_ps);

  const std::string& name() const override { return config_.name; }
  bool read(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) override;

  // Snapshots: no state of its own. The functions' BARs are their
  // servers' state; a server that takes a snapshot's state reports every
  // function's windows, which are then mapped again.
  void save(cpu::StateWriter&) const override {}
  void restore(cpu::StateReader&) override {}

  // For --stats: the address map now and how often it changed.
  std::string report() const;

 private:
  struct Mapped {
    BarWindow window;
    uint64_t cpu_base;
    std::unique_ptr<RemoteDevice> device;  // null: not mapped (outside the host windows, or overlapping)
  };
  struct Function {
    RemoteDeviceConfig config;
    ServerLink* link;
    std::vector<Mapped> mapped;
  };
  Function* function_at(uint64_t offset);
  // Where a window appears on the CPU bus, or an explanation of why not.
  bool place(const BarWindow& window, uint64_t& cpu_base, std::string& why) const;
  void note(const std::string& line);

  PcieHostConfig config_;
  cpu::Bus& bus_;
  std::map<uint64_t, Function> functions_;  // by ECAM offset
  // Unmapped windows' devices live on: the answer that moved a window may
  // have come back through one of them.
  std::vector<std::unique_ptr<RemoteDevice>> retired_;
  uint64_t map_changes_ = 0;
};

}  // namespace loom::bridge
