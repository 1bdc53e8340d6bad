#include "loom/bridge/cpu_bridge.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "cpu/bridge_impl.h"

namespace loom::bridge {

Bridge::Bridge(const BridgeConfig& config, cpu::Machine& machine, cpu::InterruptController& interrupts)
    : impl_(std::make_unique<Impl>(config, machine)) {
  Impl& m = *impl_;
  try {
    if (!config.trace_path.empty()) m.trace = std::make_unique<BridgeTrace>(config.trace_path);
    const uint64_t quantum = machine.config().slice_ps;
    if (!config.record_path.empty()) m.recorder = std::make_unique<ConsoleRecorder>(config.record_path, quantum);
    if (!config.replay_path.empty()) m.replay = std::make_unique<ConsoleReplay>(config.replay_path, quantum);
  } catch (const std::runtime_error& e) {
    throw cpu::SimulationError(e.what());
  }
  for (const ServerConfig& server : config.servers) {
    m.links.push_back(std::make_unique<ServerLink>(server, machine.bus(), interrupts));
    m.links.back()->set_console(config.console);
    m.links.back()->set_epoch(config.epoch_ns);
    m.links.back()->set_deadline_clock(m.clock);
    m.links.back()->set_why_gone(config.why_server_gone);
    if (m.trace) {
      const auto track = static_cast<unsigned>(m.links.size());
      m.trace->name_track(track, "server " + server.name);
      m.links.back()->set_trace(m.trace.get(), track);
    }
  }
  m.watchdog = std::thread([&m] { m.watch(); });
  try {
    if (config.pcie) {
      m.pcie = std::make_unique<PcieHost>(*config.pcie, machine.bus());
      machine.bus().map_device(config.pcie->ecam_base, config.pcie->ecam_size, *m.pcie);
    }
    for (auto& link : m.links) {
      for (const RemoteDeviceConfig& d : link->config().devices) {
        if (!d.pcie) continue;
        if (!m.pcie) throw cpu::SimulationError(fmt::format("PCIe function {} but the platform has no host bridge", d.name));
        m.pcie->add_function(d, *link);
      }
      if (m.pcie) {
        link->set_window_listener([host = m.pcie.get()](const std::string& device,
                                                        const std::vector<BarWindow>& windows, uint64_t time_ps) {
          host->windows_changed(device, windows, time_ps);
        });
      }
    }
    // Every server elaborates its models in parallel.
    for (auto& link : m.links) link->start_handshake(machine.config().slice_ps);
    for (auto& link : m.links) link->finish_handshake();
    if (m.pcie) m.pcie->check_bars();
    for (auto& link : m.links) {
      for (const RemoteDeviceConfig& d : link->config().devices) {
        if (d.pcie) continue;  // mapped as the guest assigns its BARs
        auto device = std::make_unique<RemoteDevice>(d.name, d.base, *link);
        try {
          machine.bus().map_device(d.base, d.size, *device);
        } catch (const std::invalid_argument& e) {
          throw cpu::SimulationError(fmt::format("server {}: {}", link->name(), e.what()));
        }
        m.devices.push_back(std::move(device));
      }
    }
  } catch (const std::invalid_argument& e) {
    shutdown("handshake failed");
    m.stop_watchdog();
    for (auto& device : m.devices) machine.bus().unmap(*device);
    if (m.pcie) machine.bus().unmap(*m.pcie);
    throw cpu::SimulationError(e.what());
  } catch (...) {
    shutdown("handshake failed");
    m.stop_watchdog();
    for (auto& device : m.devices) machine.bus().unmap(*device);
    if (m.pcie) machine.bus().unmap(*m.pcie);
    throw;
  }
}

Bridge::~Bridge() {
  shutdown("simulation ended");
  impl_->stop_watchdog();
  // The machine may outlive the bridge: leave no dangling device behind.
  for (auto& device : impl_->devices) impl_->machine.bus().unmap(*device);
  if (impl_->pcie) impl_->machine.bus().unmap(*impl_->pcie);
}


uint64_t Bridge::next_sync_ps() const {
  uint64_t earliest = impl_->replay ? impl_->replay->next_ps() : UINT64_MAX;
  if (!impl_->replay && impl_->input_pending.load()) return 0;  // typed input goes out at the next boundary
  for (const auto& link : impl_->links) {
    if (link->sync_outstanding()) return 0;  // pipelined: collect at the next boundary
    earliest = std::min(earliest, link->next_event_ps());
  }
  return earliest;
}

void Bridge::sync(uint64_t time_ps) {
  Impl& m = *impl_;
  m.deliver_console_input(time_ps);
  if (m.config.pipelined) {
    // Collect the previous boundary's answers, then let the servers run on
    // while the harts execute the next quantum.
    for (auto& link : m.links) link->finish_sync();
    for (auto& link : m.links)
      if (link->needs_sync(time_ps)) link->start_sync(time_ps);
    return;
  }
  // Send every sync first so the servers advance concurrently, then wait.
  for (auto& link : m.links)
    if (link->needs_sync(time_ps)) link->start_sync(time_ps);
  for (auto& link : m.links) link->finish_sync();
}

void Bridge::push_console_input(const std::string& device, const std::string& bytes) {
  {
    std::lock_guard<std::mutex> lock(impl_->input_mutex);
    impl_->input.emplace_back(device, bytes);
    impl_->input_pending.store(true);
  }
  impl_->input_arrived.notify_all();
}

bool Bridge::may_wake_from_outside() const {
  if (impl_->replay) return false;  // its input is scheduled, not waited for
  return impl_->input_pending.load() || (impl_->config.outside_input && impl_->config.outside_input());
}

void Bridge::wait_for_outside(unsigned max_wait_ms) {
  std::unique_lock<std::mutex> lock(impl_->input_mutex);
  impl_->input_arrived.wait_for(lock, std::chrono::milliseconds(max_wait_ms),
                                [this] { return impl_->input_pending.load(); });
}

bool Bridge::stop_requested() const {
  for (const auto& link : impl_->links)
    if (link->power_request()) return true;
  return (impl_->trace && !impl_->trace->failure().empty()) || (impl_->recorder && !impl_->recorder->failure().empty());
}

cpu::RunResult Bridge::stop_result() const {
  if (impl_->trace) {
    if (std::string why = impl_->trace->failure(); !why.empty()) return {cpu::StopReason::Error, 1, why};
  }
  if (impl_->recorder && !impl_->recorder->failure().empty()) {
    return {cpu::StopReason::Error, 1, impl_->recorder->failure()};
  }
  for (const auto& link : impl_->links) {
    if (const auto& power = link->power_request()) {
      if (power->action() == pb::PowerRequest::RESET) {
        return {cpu::StopReason::Reset, static_cast<int>(power->code()),
                fmt::format("{} asked for a reboot", power->device())};
      }
      return {cpu::StopReason::GuestExit, static_cast<int>(power->code()), std::string()};
    }
  }
  return {};
}

void Bridge::reset(uint64_t time_ps) {
  {
    std::lock_guard<std::mutex> lock(impl_->input_mutex);
    impl_->input.clear();
    impl_->input_pending.store(false);
  }
  for (auto& link : impl_->links) link->reset(time_ps);
}

void Bridge::shutdown(const std::string& reason) {
  for (auto& link : impl_->links) link->shutdown(reason);
}

std::string Bridge::finish_outputs() {
  std::string why = impl_->trace ? impl_->trace->finish() : std::string();
  if (impl_->recorder) {
    if (const std::string recorder = impl_->recorder->finish(); !recorder.empty()) why += (why.empty() ? "" : "; ") + recorder;
  }
  return why;
}

std::string Bridge::stats_report() const {
  const double simulated = static_cast<double>(impl_->machine.stats().simulated_ps) / 1e12;
  std::string out;
  for (const auto& link : impl_->links) out += link->stats().report(link->name(), simulated);
  if (impl_->pcie) out += impl_->pcie->report();
  return out;
}

double Bridge::wait_seconds() const {
  std::chrono::nanoseconds total{0};
  for (const auto& link : impl_->links) total += link->stats().waiting;
  return std::chrono::duration<double>(total).count();
}

}  // namespace loom::bridge
