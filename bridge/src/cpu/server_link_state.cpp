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

constexpr size_t kChunkBytes = 1u << 20;  // as the server sends them

void put_message(cpu::StateWriter& out, const google::protobuf::MessageLite& message) {
  out.string(message.SerializeAsString());
}

template <typename Message>
Message get_message(cpu::StateReader& in) {
  Message message;
  if (!message.ParseFromString(in.string())) in.fail("a malformed message");
  return message;
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
  put_message(out, posted_);
  out.u64(console_input_.size());
  for (const pb::ConsoleData& input : console_input_) put_message(out, input);
  out.u64(next_event_ps_);
  out.boolean(dirty_);
  out.boolean(power_.has_value());
  if (power_) put_message(out, *power_);
  out.boolean(mirror_valid_);
  out.u64(mirrored_.size());
  for (const MirroredRegister& r : mirrored_) {
    out.u64(r.address);
    out.u32(r.length);
    out.u64(r.value);
  }
  out.u64(quiet_writes_.size());
  for (const QuietWrite& w : quiet_writes_) {
    out.u64(w.address);
    out.u32(w.length);
    out.boolean(w.any_value);
    out.u64(w.value);
  }
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
  Saved saved;
  saved.time_ps = in.u64();
  // The link's view stays serialized until restore() takes it: reading it
  // here checks it whole.
  cpu::StateWriter view = cpu::StateWriter::part();
  view.begin("link", 1);
  view.string(in.string());  // posted
  const uint64_t inputs = in.u64();
  view.u64(inputs);
  for (uint64_t i = 0; i < inputs; ++i) view.string(in.string());
  view.u64(in.u64());  // next event
  view.boolean(in.boolean());  // dirty
  const bool power = in.boolean();
  view.boolean(power);
  if (power) view.string(in.string());
  view.boolean(in.boolean());  // mirror valid
  const uint64_t registers = in.u64();
  view.u64(registers);
  for (uint64_t i = 0; i < registers; ++i) {
    view.u64(in.u64());
    view.u32(in.u32());
    view.u64(in.u64());
  }
  const uint64_t quiet = in.u64();
  view.u64(quiet);
  for (uint64_t i = 0; i < quiet; ++i) {
    view.u64(in.u64());
    view.u32(in.u32());
    view.boolean(in.boolean());
    view.u64(in.u64());
  }
  view.u64(in.u64());  // answer time
  view.end();
  saved.link_state = view.data();
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
    const size_t n = std::min(kChunkBytes, saved.blob.size() - at);
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

  cpu::StateReader in = cpu::StateReader::part(saved.link_state, "of server " + config_.name);
  in.begin("link", 1);
  posted_ = get_message<pb::CpuMessage>(in);
  if (!posted_.has_posted()) in.fail("a malformed batch of posted writes");
  console_input_.clear();
  for (uint64_t n = in.u64(); n > 0; --n) console_input_.push_back(get_message<pb::ConsoleData>(in));
  const uint64_t next_event = in.u64();
  const bool dirty = in.boolean();
  power_.reset();
  if (in.boolean()) power_ = get_message<pb::PowerRequest>(in);
  const bool mirror_valid = in.boolean();
  mirrored_.clear();
  for (uint64_t n = in.u64(); n > 0; --n) {
    MirroredRegister r{};
    r.address = in.u64();
    r.length = in.u32();
    r.value = in.u64();
    mirrored_.push_back(r);
  }
  quiet_writes_.clear();
  for (uint64_t n = in.u64(); n > 0; --n) {
    QuietWrite w{};
    w.address = in.u64();
    w.length = in.u32();
    w.any_value = in.boolean();
    w.value = in.u64();
    quiet_writes_.push_back(w);
  }
  answer_time_ps_ = in.u64();
  in.end();
  // The restored functions' BAR windows, mapped again on the CPU bus.
  apply_windows(done.events());
  next_event_ps_ = next_event;
  dirty_ = dirty;
  mirror_valid_ = mirror_valid && config_.mirror_registers;
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
