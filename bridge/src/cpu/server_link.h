#pragma once
// One CPU <-> device-server session, CPU side: handshake, memory requests,
// posted-write batching, syncs, DMA service, interrupt delivery, deadlines
// and statistics. Used only from the CPU thread (the watchdog only cancels).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>
#include <string>

#include "cpu/bridge_trace.h"
#include "cpu/link_stats.h"
#include "loom/bridge/cpu_bridge.h"
#include "loom/cpu/bus.h"
#include "loom/cpu/interrupts.h"
#include "loom/cpu/snapshot.h"
#include "transport/transport.h"

namespace loom::bridge {

// A PCIe function's decoded BAR, as its server reports it.
struct BarWindow {
  unsigned bar = 0;
  uint64_t base = 0, size = 0;
  bool io = false;
};
using WindowListener = std::function<void(const std::string& device, const std::vector<BarWindow>& windows,
                                          uint64_t time_ps)>;

// The watchdog's clock: host time in which the CPU process was running.
// Time in which the process was stopped (Ctrl-Z, SIGSTOP) is no server's
// fault: each of the watchdog's wake-ups advances the clock by the time
// since the previous one, but by no more than kMaxStep, so a gap (the
// process was stopped, or the watchdog itself starved) costs a server
// nothing of its deadline.
class DeadlineClock {
 public:
  static constexpr std::chrono::milliseconds kTick{20};
  static constexpr std::chrono::milliseconds kMaxStep{100};
  // Nanoseconds of running time; never 0 (links use 0 for "not waiting").
  int64_t now_ns() const { return running_ns_.load(std::memory_order_relaxed); }
  // Watchdog thread only.
  void tick(std::chrono::steady_clock::time_point now);

 private:
  std::atomic<int64_t> running_ns_{1};
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

class ServerLink {
 public:
  ServerLink(const ServerConfig& config, cpu::Bus& bus, cpu::InterruptController& interrupts);

  const std::string& name() const { return config_.name; }
  const ServerConfig& config() const { return config_; }

  // Where the session's stream comes from: gRPC to config().address unless
  // set (unit tests join the link to a scripted server in memory).
  using Connector = std::function<std::unique_ptr<ClientTransport>()>;
  void set_connector(Connector connector) { connector_ = std::move(connector); }

  // Handshake in two halves so that all servers elaborate in parallel.
  void start_handshake(uint64_t quantum_ps);
  void finish_handshake();

  // Device accesses at absolute physical addresses. Return false when the
  // model answered with a TLM error (the hart takes an access fault).
  // `byte_enable`: bit i enables byte i (all bits of `size` set: a plain access).
  bool read(const cpu::AccessContext& ctx, const std::string& device, uint64_t address, unsigned size,
            uint8_t byte_enable, uint64_t& value);
  bool write(const cpu::AccessContext& ctx, const std::string& device, uint64_t address, unsigned size,
             uint8_t byte_enable, uint64_t value);

  // A PCIe configuration access at `ecam_offset` (never posted: the answer
  // may move BARs). False if the server answered with an error.
  bool config_access(const cpu::AccessContext& ctx, const std::string& device, bool write, uint64_t ecam_offset,
                     unsigned size, uint32_t& value);
  // Told about every change of a PCIe function's windows, as answers report them.
  void set_window_listener(WindowListener listener) { window_listener_ = std::move(listener); }

  // Sync in two halves, so that several servers advance concurrently.
  bool needs_sync(uint64_t time_ps) const {
    return dirty_ || next_event_ps_ <= time_ps || !console_input_.empty();
  }
  // Console input to deliver with the next sync.
  void queue_console_input(const std::string& device, const std::string& bytes);
  bool serves(const std::string& device) const;
  void start_sync(uint64_t time_ps);
  void finish_sync();
  bool sync_outstanding() const { return sync_outstanding_; }
  uint64_t next_event_ps() const { return dirty_ ? 0 : next_event_ps_; }

  // The platform reboots: every model of the server back to power-on state
  // at `time_ps`; forgets the power request that asked for it.
  void reset(uint64_t time_ps);

  void shutdown(const std::string& reason);

  // Snapshots (server_link_state.cpp; docs/debugging.md): the section
  // "server:NAME" holds what the server sent for its models and session and
  // the link's own state (posted writes not sent yet, console input not
  // delivered yet, the last answer's next event and mirror). Throws
  // cpu::SnapshotError naming the server and the device that cannot be saved.
  void save(cpu::StateWriter& out);
  // A server's part of a snapshot, read and checked against this link's
  // devices before anything is changed.
  // The link's own view at the save, restored as it was.
  struct View {
    pb::CpuMessage posted;
    std::vector<pb::ConsoleData> console_input;
    uint64_t next_event_ps = 0;
    bool dirty = false;
    std::optional<pb::PowerRequest> power;
    bool mirror_valid = false;
    std::vector<pb::MirroredRegister> mirrored;
    std::vector<pb::QuietWrite> quiet_writes;
    uint64_t answer_time_ps = 0;
  };
  struct Saved {
    uint64_t time_ps = 0;
    std::string blob;  // the server's, opaque here
    View view;
  };
  Saved read_saved(cpu::StateReader& in) const;
  // Gives the server its models' state back and takes the link's. Returns
  // "" when done, else why the server could not take it because it is past
  // the snapshot's time (a fresh one can), and nothing changed. Throws
  // cpu::SnapshotError if the server refused it otherwise (its models may
  // then be half restored).
  std::string restore(const Saved& saved);
  // A fresh session with a fresh server process at `address` (the old
  // session ended): the handshake again; the statistics go on.
  void reconnect(const std::string& address, uint64_t quantum_ps);

  // The clock waits are measured with (the Bridge's watchdog's); required.
  void set_deadline_clock(const DeadlineClock& clock) { clock_ = &clock; }
  // Watchdog side (any thread): cancels the link if an answer is overdue.
  void check_deadline();

  // Why the server is gone, or "" (BridgeConfig::why_server_gone).
  void set_why_gone(std::function<std::string(const std::string&, bool)> why_gone) {
    why_gone_ = std::move(why_gone);
  }
  // --trace-bridge: every transaction of this link on `track`.
  void set_trace(BridgeTrace* trace, unsigned track) {
    trace_ = trace;
    track_ = track;
  }
  const LinkStats& stats() const { return stats_; }
  void set_console(ConsoleSink* console) { console_ = console; }
  void set_epoch(uint64_t epoch_ns) { epoch_ns_ = epoch_ns; }
  // The first power request a model made, if any.
  const std::optional<pb::PowerRequest>& power_request() const { return power_; }

 private:
  void send(const pb::CpuMessage& message, const std::string& context);
  // Receives until a message of `kind` arrives, serving DMA meanwhile.
  pb::ServerMessage await(pb::ServerMessage::KindCase kind, uint64_t id, const std::string& context);
  void flush_posted(const std::string& context);
  void apply_events(const pb::Events& events);
  void apply_windows(const pb::Events& events);
  void take_mirrors(const pb::Events& events);
  // Register mirroring (docs/bridge.md): a read the last answer's mirror
  // can serve, and whether a write leaves that mirror valid.
  bool read_mirrored(uint64_t time_ps, uint64_t address, unsigned size, uint8_t byte_enable, uint64_t& value) const;
  bool quiet_write(uint64_t address, unsigned size, uint8_t byte_enable, uint64_t value) const;
  void serve_dma(const pb::DmaRequest& request);
  // A DMA access outside RAM: a device of the CPU process (an interrupt
  // controller's doorbell) in aligned pieces; false if nothing there takes it.
  bool dma_to_device(uint64_t time_ps, bool write, uint64_t address, uint8_t* data, uint64_t length);
  void report_refused_dma(const pb::DmaRequest& request);
  [[noreturn]] void fail(const std::string& what, const std::string& context);
  void trace(const char* kind, const std::string& device, uint64_t time_ps, uint64_t address, uint64_t size,
             const void* data, uint64_t delay_ps, double latency_us, const char* status = "ok") const;

  ServerConfig config_;
  cpu::Bus& bus_;
  cpu::InterruptController& interrupts_;
  std::unique_ptr<ClientTransport> transport_;
  // Held by the CPU thread while it sets transport_ and by the watchdog
  // while it cancels it: the handshake replaces the gRPC transport by the
  // shared-memory one, and a deadline may pass just then.
  std::mutex transport_mutex_;
  Connector connector_;
  pb::CpuMessage posted_;  // pending batch (kind = posted)
  uint64_t next_id_ = 1;
  uint64_t next_event_ps_ = 0;  // unknown until the handshake
  bool dirty_ = false;          // posted writes since the last answer: next event unknown
  bool sync_outstanding_ = false;
  uint64_t sync_id_ = 0;
  std::chrono::steady_clock::time_point sync_started_;
  bool closed_ = false;
  const DeadlineClock* clock_ = nullptr;
  std::atomic<int64_t> waiting_since_ns_{0};  // DeadlineClock time; 0: not waiting
  std::atomic<bool> timed_out_{false};
  std::function<std::string(const std::string&, bool)> why_gone_;
  LinkStats stats_;
  BridgeTrace* trace_ = nullptr;
  unsigned track_ = 0;
  ConsoleSink* console_ = nullptr;
  uint64_t epoch_ns_ = 0;
  std::vector<pb::ConsoleData> console_input_;
  std::optional<pb::PowerRequest> power_;
  struct MirroredRegister {
    uint64_t address;
    unsigned length;
    uint64_t value;
  };
  struct QuietWrite {
    uint64_t address;
    unsigned length;
    bool any_value;
    uint64_t value;
  };
  std::vector<MirroredRegister> mirrored_;
  std::vector<QuietWrite> quiet_writes_;
  bool mirror_valid_ = false;  // false after any access or write the mirror does not cover
  WindowListener window_listener_;
  uint64_t answer_time_ps_ = 0;  // the time of the access or sync an answer belongs to
};

}  // namespace loom::bridge
