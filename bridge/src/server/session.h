#pragma once
// One CPU session on the server's main (SystemC) thread: handshake and
// elaboration, then requests in stream order. Time only moves when a CPU
// message asks for it: the server never runs ahead of the CPU.

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "loom/bridge/device_server.h"
#include "server/endpoint.h"
#include "transport/transport.h"

namespace loom::bridge {

class Session final : public tlm_devices::HostServices {
 public:
  Session(ServerTransport& transport, const DeviceServerOptions& options);
  ~Session();
  // Runs the whole session; returns the exit status.
  int run();
  // The CPU ended the session (a shutdown message): nothing is left to tell it.
  bool ended_by_cpu() const { return ended_by_cpu_; }
  // The peer never became a session: it closed before saying hello, sent
  // something else, or had no right token. The server serves on.
  bool refused_stranger() const { return refused_stranger_; }

  // HostServices: collected and reported in the next answer's Events.
  void console_output(const std::string& device, const std::string& bytes) override;
  void power_request(const std::string& device, tlm_devices::PowerAction action, uint32_t code) override;
  uint64_t epoch_ns() const override { return epoch_ns_; }

 private:
  bool handshake();
  void handle_request(const pb::MemoryRequest& request);
  // A PCIe configuration access (docs/pcie.md): routed by bus/device/function.
  void handle_config(const pb::MemoryRequest& request, pb::MemoryResponse& response);
  void handle_posted(const pb::PostedWrites& posted);
  void handle_sync(const pb::Sync& sync);
  void handle_reset(const pb::Reset& reset);
  // Snapshots (session_state.cpp).
  void handle_save(const pb::SaveState& save);
  void handle_restore(const pb::RestoreState& restore);
  std::string save_state() const;
  void restore_state(const std::string& blob, uint64_t time_ps);
  // Advances SystemC to `time_ps` (never backwards: an access stamped
  // earlier than the server's time runs at the server's time).
  void advance_to(uint64_t time_ps);
  // Runs the delta cycles due now (e.g. an interrupt an access just raised),
  // so that the answer reports their effects.
  void settle();
  void check_models() const;
  void fill_events(pb::Events& events);
  void fill_mirrors(pb::Events& events) const;
  // The PCIe functions' windows that changed since the last report, or
  // `every` function's (after a restore: the CPU maps them all again).
  void fill_windows(pb::Events& events, bool every = false);
  void deliver_console_input();
  tlm::tlm_response_status dma(uint64_t time_ps, bool write, uint64_t address, unsigned char* data, unsigned length,
                               const std::string& device, bool posted);
  bool next_message(pb::CpuMessage& message);
  void send(const pb::ServerMessage& message);
  void send_error(const std::string& message, const std::string& device = {}, uint64_t address = 0);
  bool fault_due();

  ServerTransport* transport_;  // the gRPC stream, or the shared-memory link once agreed
  std::unique_ptr<ServerTransport> shm_;
  std::string shm_path_;
  const DeviceServerOptions& options_;
  std::string server_name_;
  std::unique_ptr<Endpoint> endpoint_;
  std::vector<std::unique_ptr<tlm_devices::Model>> models_;
  std::deque<pb::CpuMessage> deferred_;  // arrived while a DMA waited for its answer
  std::vector<pb::PostedWriteError> posted_errors_;
  std::vector<pb::ConsoleData> console_output_;
  std::optional<pb::PowerRequest> power_;
  bool ended_by_cpu_ = false;
  bool refused_stranger_ = false;
  std::map<std::string, tlm_devices::Model*> models_by_name_;
  struct Placed {
    std::string name;
    std::string type;
    uint64_t base;
    tlm_devices::Model* model;
  };
  std::vector<Placed> placed_;  // every model with its base, for register mirrors
  // Typed input a console device had no room for yet, delivered as its
  // receive FIFO drains; while some waits, the server asks to be synced soon.
  std::map<std::string, std::string> pending_input_;
  uint64_t epoch_ns_ = 0;
  std::map<uint32_t, size_t> pcie_functions_;  // ECAM offset of a function (bdf << 12) -> endpoint device
  std::chrono::nanoseconds busy_{0};  // host time inside SystemC (sc_start, b_transport)
  uint64_t next_dma_id_ = 1;
  std::string restore_blob_;  // RestoreState chunks so far
  uint64_t restore_id_ = 0;
  bool restoring_ = false;  // models' DMA is refused meanwhile (the CPU's RAM is already restored)
  uint64_t requests_ = 0;
  bool broken_ = false;
};

}  // namespace loom::bridge
