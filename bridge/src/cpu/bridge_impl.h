#pragma once
// Bridge's private state, shared by its files (cpu_bridge.cpp: links,
// syncs, input; cpu_bridge_state.cpp: snapshots).

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cpu/bridge_trace.h"
#include "cpu/console_record.h"
#include "cpu/pcie_host.h"
#include "cpu/remote_device.h"
#include "cpu/server_link.h"
#include "loom/bridge/cpu_bridge.h"

namespace loom::bridge {

struct Bridge::Impl {
  BridgeConfig config;
  cpu::Machine& machine;
  std::vector<std::unique_ptr<ServerLink>> links;
  std::vector<std::unique_ptr<RemoteDevice>> devices;
  std::unique_ptr<PcieHost> pcie;
  std::unique_ptr<BridgeTrace> trace;
  std::unique_ptr<ConsoleRecorder> recorder;
  std::unique_ptr<ConsoleReplay> replay;

  // Deadline watchdog: cancels a link whose answer is overdue, which makes
  // the blocked receive on the CPU thread fail with a clear message. It
  // keeps the clock deadlines are measured with, which stands still while
  // the process is stopped (a suspended run resumes where it was).
  DeadlineClock clock;
  std::thread watchdog;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;

  // Console input from the terminal thread, drained at quantum boundaries.
  std::mutex input_mutex;
  std::vector<std::pair<std::string, std::string>> input;
  std::atomic<bool> input_pending{false};
  std::condition_variable input_arrived;

  void deliver_console_input(uint64_t time_ps) {
    if (replay) {
      std::vector<ConsoleEvent> due;
      try {
        due = replay->take_due(time_ps);
      } catch (const std::runtime_error& e) {
        throw cpu::SimulationError(e.what());
      }
      for (const ConsoleEvent& e : due) queue_input(e.device, e.bytes);
      return;  // the terminal's input is not this run's
    }
    if (!input_pending.load()) return;
    std::lock_guard<std::mutex> lock(input_mutex);
    for (auto& [device, bytes] : input) {
      queue_input(device, bytes);
      if (recorder) recorder->record({time_ps, device, bytes});
    }
    input.clear();
    input_pending.store(false);
  }
  void queue_input(const std::string& device, const std::string& bytes) {
    bool served = false;
    for (auto& link : links) {
      if (!link->serves(device)) continue;
      link->queue_console_input(device, bytes);
      served = true;
    }
    if (!served) throw cpu::SimulationError(fmt::format("console input for {}, which no device server serves", device));
  }

  Impl(const BridgeConfig& c, cpu::Machine& m) : config(c), machine(m) {}

  void watch() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!stopping) {
      wake.wait_for(lock, DeadlineClock::kTick);
      clock.tick(std::chrono::steady_clock::now());
      for (auto& link : links) link->check_deadline();
    }
  }
  void stop_watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    if (watchdog.joinable()) watchdog.join();
  }
};

}  // namespace loom::bridge
