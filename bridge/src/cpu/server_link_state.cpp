// ServerLink's part of a snapshot (docs/debugging.md, "Snapshots"): the
// server's blob (its session and models, opaque here) and the link's own
// view, so that the restored run sends exactly what the saved one would
// have: the same posted writes, the same console input, at the same times.
#include <fmt/format.h>

#include "cpu/server_link.h"
#include "loom/cpu/snapshot.h"
#include "loom/log/log.h"
#include "protocol.h"

namespace loom::bridge {
namespace {

// A list of protocol messages in a snapshot section, and back.
template <typename Message>
void io_messages(cpu::StateWriter& out, const std::vector<Message>& messages) {
  out.u64(messages.size());
  for (const Message& m : messages) save_message(out, m);
}
template <typename Message>
void io_messages(cpu::StateReader& in, std::vector<Message>& messages) {
  messages.clear();
  for (uint64_t n = in.u64(); n > 0; --n) messages.push_back(restore_message<Message>(in));
}

}  // namespace

void ServerLink::save(cpu::StateWriter& out) {
  const std::string context = "while saving a snapshot";
  if (sync_outstanding_) throw cpu::SnapshotError(fmt::format("server {}: a sync is under way (--pipelined)", config_.name));
  pb::CpuMessage message;
  const uint64_t id = next_id_++;
  message.mutable_save_state()->set_id(id);
  send(message, context);
  std::string blob;
  uint64_t time_ps = 0;
  for (;;) {
    const pb::ServerMessage reply = await(pb::ServerMessage::kStateChunk, id, context);
    const pb::StateChunk& chunk = reply.state_chunk();
    if (!chunk.refusal().empty()) {
      throw cpu::SnapshotError(fmt::format("server {}: {}", config_.name, log::one_line(chunk.refusal())));
    }
    blob += chunk.data();
    if (chunk.last()) {
      time_ps = chunk.time_ps();
      break;
    }
  }
  out.begin("server:" + config_.name, 1);
  out.u64(config_.devices.size());
  for (const RemoteDeviceConfig& d : config_.devices) {
    out.string(d.name);
    out.string(d.type);
    out.u64(d.base);
    out.u64(d.size);
  }
  out.u64(time_ps);
  // The link's view.
  save_message(out, posted_);
  io_messages(out, console_input_);
  out.u64(next_event_ps_);
  out.boolean(dirty_);
  out.boolean(power_.has_value());
  if (power_) save_message(out, *power_);
  out.boolean(mirror_valid_);
  std::vector<pb::MirroredRegister> mirrored;
  for (const MirroredRegister& r : mirrored_) {
    mirrored.emplace_back();
    mirrored.back().set_address(r.address);
    mirrored.back().set_length(r.length);
    mirrored.back().set_value(r.value);
  }
  io_messages(out, mirrored);
  std::vector<pb::QuietWrite> quiet;
  for (const QuietWrite& w : quiet_writes_) {
    quiet.emplace_back();
    quiet.back().set_address(w.address);
    quiet.back().set_length(w.length);
    quiet.back().set_any_value(w.any_value);
    quiet.back().set_value(w.value);
  }
  io_messages(out, quiet);
  out.u64(answer_time_ps_);
  out.string(blob);
  out.end();
}

ServerLink::Saved ServerLink::read_saved(cpu::StateReader& in) const {
  in.begin("server:" + config_.name, 1);
  if (in.u64() != config_.devices.size()) in.fail("another set of devices (a snapshot of another platform)");
  for (const RemoteDeviceConfig& d : config_.devices) {
    const std::string name = in.string(), type = in.string();
    const uint64_t base = in.u64(), size = in.u64();
    if (name != d.name || type != d.type || base != d.base || size != d.size) {
      in.fail(fmt::format("device {} ({}) at {:#x} (+{:#x}) where this board has {} ({}) at {:#x} (+{:#x})", name,
                          type, base, size, d.name, d.type, d.base, d.size));
    }
  }
  // Read whole here, before anything changes; restore() only takes it.
  Saved saved;
  saved.time_ps = in.u64();
  View& v = saved.view;
  v.posted = restore_message<pb::CpuMessage>(in);
  if (!v.posted.has_posted()) in.fail("a malformed batch of posted writes");
  io_messages(in, v.console_input);
  v.next_event_ps = in.u64();
  v.dirty = in.boolean();
  if (in.boolean()) v.power = restore_message<pb::PowerRequest>(in);
  v.mirror_valid = in.boolean();
  io_messages(in, v.mirrored);
  io_messages(in, v.quiet_writes);
  v.answer_time_ps = in.u64();
  saved.blob = in.string();
  in.end();
  return saved;
}

std::string ServerLink::restore(const Saved& saved) {
  const std::string context = "while restoring a snapshot";
  const uint64_t id = next_id_++;
  pb::CpuMessage message;
  pb::RestoreState* restore = message.mutable_restore_state();
  restore->set_id(id);
  restore->set_time_ps(saved.time_ps);
  size_t at = 0;
  do {
    const size_t n = std::min(kStateChunkBytes, saved.blob.size() - at);
    restore->set_data(saved.blob.substr(at, n));
    at += n;
    restore->set_last(at == saved.blob.size());
    send(message, context);
  } while (at < saved.blob.size());
  const pb::ServerMessage reply = await(pb::ServerMessage::kStateRestored, id, context);
  const pb::StateRestored& done = reply.state_restored();
  if (done.too_late()) return log::one_line(done.refusal());  // it names the server
  if (!done.refusal().empty()) {
    throw cpu::SnapshotError(fmt::format("server {}: {}", config_.name, log::one_line(done.refusal())));
  }

  const View& v = saved.view;
  posted_ = v.posted;
  console_input_ = v.console_input;
  power_ = v.power;
  mirrored_.clear();
  for (const pb::MirroredRegister& r : v.mirrored) mirrored_.push_back({r.address(), r.length(), r.value()});
  quiet_writes_.clear();
  for (const pb::QuietWrite& w : v.quiet_writes) quiet_writes_.push_back({w.address(), w.length(), w.any_value(), w.value()});
  answer_time_ps_ = v.answer_time_ps;
  // The restored functions' BAR windows, mapped again on the CPU bus.
  apply_windows(done.events());
  next_event_ps_ = v.next_event_ps;
  dirty_ = v.dirty;
  mirror_valid_ = v.mirror_valid && config_.mirror_registers;
  return {};
}

void ServerLink::reconnect(const std::string& address, uint64_t quantum_ps) {
  shutdown("restoring a snapshot in a fresh server");
  {
    std::lock_guard<std::mutex> lock(transport_mutex_);
    transport_.reset();
  }
  closed_ = false;
  timed_out_.store(false);
  sync_outstanding_ = false;
  config_.address = address;
  const LinkStats kept = stats_;
  start_handshake(quantum_ps);
  finish_handshake();
  const std::string link = stats_.link;
  stats_ = kept;
  stats_.link = link;
}

}  // namespace loom::bridge
