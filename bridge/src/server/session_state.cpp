// Session snapshots (docs/debugging.md, "Snapshots"): the server's state as
// one blob of snapshot sections — the session's own (what it has not
// reported yet, input it holds back) and then every model's Model::save —
// sent to the CPU in chunks and taken back the same way.
#include <fmt/format.h>

#include "loom/state/state.h"
#include "protocol.h"
#include "server/session.h"

namespace loom::bridge {
namespace {

// The largest blob a server takes back (RAM-backed disks' written blocks
// included): a CPU cannot make the server allocate without bound.
constexpr size_t kMaxBlobBytes = size_t{4} << 30;

}  // namespace

std::string Session::save_state() const {
  state::StateWriter out = state::StateWriter::part();
  out.begin("session", 1);
  out.u64(sc_core::sc_time_stamp().value());
  out.u64(placed_.size());
  for (const Placed& p : placed_) {
    out.string(p.name);
    out.string(p.type);
  }
  out.u64(pending_input_.size());
  for (const auto& [device, bytes] : pending_input_) {
    out.string(device);
    out.string(bytes);
  }
  // Reports made since the last answer (after posted writes): they go out
  // with the next answer, in the restored run as in the saved one.
  out.u64(console_output_.size());
  for (const pb::ConsoleData& c : console_output_) save_message(out, c);
  out.u64(posted_errors_.size());
  for (const pb::PostedWriteError& e : posted_errors_) save_message(out, e);
  out.boolean(power_.has_value());
  if (power_) save_message(out, *power_);
  const std::vector<InterruptEvent>& interrupts = endpoint_->pending_interrupt_events();
  out.u64(interrupts.size());
  for (const InterruptEvent& e : interrupts) {
    out.u32(e.irq);
    out.boolean(e.level);
    out.u64(e.time_ps);
  }
  out.u64(next_dma_id_);
  out.end();
  for (const Placed& p : placed_) {
    out.begin("model:" + p.name, 1);
    out.string(p.type);
    out.end();
    try {
      p.model->save(out);
    } catch (const state::SnapshotError& e) {
      throw state::SnapshotError(fmt::format("device {}: {}", p.name, e.what()));
    }
    out.end();
  }
  return out.data();
}

void Session::handle_save(const pb::SaveState& save) {
  pb::ServerMessage reply;
  pb::StateChunk* chunk = reply.mutable_state_chunk();
  chunk->set_id(save.id());
  chunk->set_time_ps(sc_core::sc_time_stamp().value());
  std::string blob;
  try {
    blob = save_state();
  } catch (const state::SnapshotError& e) {
    chunk->set_refusal(e.what());
    chunk->set_last(true);
    send(reply);
    return;
  }
  size_t at = 0;
  do {
    const size_t n = std::min(kStateChunkBytes, blob.size() - at);
    chunk->set_data(blob.substr(at, n));
    at += n;
    chunk->set_last(at == blob.size());
    send(reply);
  } while (at < blob.size() && !broken_);
}

void Session::restore_state(const std::string& blob, uint64_t time_ps) {
  state::StateReader in = state::StateReader::part(blob, "of server " + server_name_);
  // The session's section first, whole: a snapshot of other devices is
  // refused before any model changes.
  in.begin("session", 1);
  if (in.u64() != time_ps) in.fail("its time is not the time it is restored at");
  if (in.u64() != placed_.size()) in.fail("another set of devices (a snapshot of another platform)");
  for (const Placed& p : placed_) {
    const std::string name = in.string(), type = in.string();
    if (name != p.name || type != p.type) {
      in.fail(fmt::format("device {} ({}) where this server has {} ({})", name, type, p.name, p.type));
    }
  }
  std::map<std::string, std::string> input;
  for (uint64_t n = in.u64(); n > 0; --n) {
    std::string device = in.string();
    const auto it = models_by_name_.find(device);
    if (it == models_by_name_.end() || !it->second->is_console()) in.fail("input held for a device that is no console");
    input[device] = in.string();
  }
  std::vector<pb::ConsoleData> output;
  for (uint64_t n = in.u64(); n > 0; --n) output.push_back(restore_message<pb::ConsoleData>(in));
  std::vector<pb::PostedWriteError> errors;
  for (uint64_t n = in.u64(); n > 0; --n) errors.push_back(restore_message<pb::PostedWriteError>(in));
  std::optional<pb::PowerRequest> power;
  if (in.boolean()) power = restore_message<pb::PowerRequest>(in);
  std::vector<InterruptEvent> interrupts;
  for (uint64_t n = in.u64(); n > 0; --n) {
    InterruptEvent e{};
    e.irq = in.u32();
    e.level = in.boolean();
    e.time_ps = in.u64();
    interrupts.push_back(e);
  }
  const uint64_t next_dma_id = in.u64();
  in.end();

  // Every model from power-on state at the snapshot's time: reset first, so
  // that nothing a model does on the way (DMA) reaches the restored CPU.
  restoring_ = true;
  for (auto& model : models_) model->reset();
  advance_to(time_ps);
  for (auto& model : models_) model->reset();
  settle();
  for (const Placed& p : placed_) {
    in.begin("model:" + p.name, 1);
    if (in.string() != p.type) in.fail(fmt::format("device {} is of another type", p.name));
    in.end();
    try {
      p.model->restore(in);
    } catch (const state::SnapshotError& e) {
      throw state::SnapshotError(fmt::format("device {}: {}", p.name, e.what()));
    }
  }
  if (!in.at_end()) in.fail("holds more than this server's devices");
  settle();
  restoring_ = false;
  // What the restore itself made the models say is not news: the CPU's
  // snapshot has the interrupt lines' levels. What was pending at the save
  // is, and goes out with the next answer.
  (void)endpoint_->take_interrupt_events();
  endpoint_->put_back_interrupt_events(std::move(interrupts));
  console_output_ = std::move(output);
  posted_errors_ = std::move(errors);
  power_ = std::move(power);
  pending_input_ = std::move(input);
  next_dma_id_ = next_dma_id;
}

void Session::handle_restore(const pb::RestoreState& restore) {
  if (restore_blob_.empty()) restore_id_ = restore.id();
  if (restore.id() != restore_id_ || restore_blob_.size() + restore.data().size() > kMaxBlobBytes) {
    send_error(fmt::format("malformed restore: chunk of restore {} during restore {}, or over {} bytes", restore.id(),
                           restore_id_, kMaxBlobBytes));
    return;
  }
  restore_blob_ += restore.data();
  if (!restore.last()) return;
  const std::string blob = std::move(restore_blob_);
  restore_blob_.clear();
  pb::ServerMessage reply;
  pb::StateRestored* done = reply.mutable_state_restored();
  done->set_id(restore.id());
  const uint64_t now = sc_core::sc_time_stamp().value();
  if (now > restore.time_ps()) {
    done->set_too_late(true);
    done->set_refusal(fmt::format("server {} is at {} ps, past the snapshot's {} ps (simulated time cannot go back: "
                                  "a fresh server can take it)",
                                  server_name_, now, restore.time_ps()));
    send(reply);
    return;
  }
  try {
    restore_state(blob, restore.time_ps());
  } catch (const state::SnapshotError& e) {
    // The models may be half restored: the CPU ends the run on this.
    restoring_ = false;
    done->set_refusal(e.what());
    send(reply);
    return;
  }
  // Only the PCIe windows: the CPU's snapshot has the link's own view
  // (next event, mirrors) as it was, and the rest goes out as it would have.
  fill_windows(*done->mutable_events(), true);
  send(reply);
}

}  // namespace loom::bridge
