#include "cpu/server_link.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include <unistd.h>

#include "cpu/remote_device.h"
#include "protocol.h"
#include "loom/log/log.h"

namespace loom::bridge {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxPostedBatch = 64;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

const char* kind_name(pb::ServerMessage::KindCase kind) {
  switch (kind) {
    case pb::ServerMessage::kHelloAck: return "hello_ack";
    case pb::ServerMessage::kResponse: return "response";
    case pb::ServerMessage::kSyncAck: return "sync_ack";
    case pb::ServerMessage::kDmaRequest: return "dma_request";
    case pb::ServerMessage::kError: return "error";
    case pb::ServerMessage::kResetAck: return "reset_ack";
    case pb::ServerMessage::kStateChunk: return "state_chunk";
    case pb::ServerMessage::kStateRestored: return "state_restored";
    default: return "empty message";
  }
}

std::string access_context(const char* what, unsigned size, const std::string& device, uint64_t address) {
  return fmt::format("while {} {} bytes of {} at {:#x}", what, size, device, address);
}

// TLM byte-enable array: 0xff for an enabled byte, 0x00 for a disabled one;
// empty when every byte is enabled.
void set_byte_enable(pb::MemoryRequest& request, unsigned size, uint8_t byte_enable) {
  if (byte_enable == static_cast<uint8_t>((1u << size) - 1)) return;
  std::string lanes(size, '\0');
  for (unsigned i = 0; i < size; ++i) lanes[i] = (byte_enable >> i) & 1 ? '\xff' : '\0';
  request.set_byte_enable(std::move(lanes));
}

}  // namespace

void DeadlineClock::tick(Clock::time_point now) {
  const auto step = std::min<Clock::duration>(now - last_, kMaxStep);
  last_ = now;
  running_ns_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(step).count(), std::memory_order_relaxed);
}

ServerLink::ServerLink(const ServerConfig& config, cpu::Bus& bus, cpu::InterruptController& interrupts)
    : config_(config), bus_(bus), interrupts_(interrupts) {
  posted_.mutable_posted();
}

void ServerLink::fail(const std::string& what, const std::string& context) {
  closed_ = true;
  // What a server says is quoted: it must not break the one-line rule.
  std::string message = fmt::format("server {}: {}", config_.name, log::one_line(what));
  if (!context.empty()) message += fmt::format(" ({})", context);
  if (why_gone_) {
    const std::string why = why_gone_(config_.name, true);
    if (!why.empty()) message += "; " + why;
  }
  throw cpu::SimulationError(message);
}

void ServerLink::send(const pb::CpuMessage& message, const std::string& context) {
  if (closed_) fail("the session is closed", context);
  if (!transport_->send(message)) fail(transport_->failure(), context);
}

pb::ServerMessage ServerLink::await(pb::ServerMessage::KindCase kind, uint64_t id, const std::string& context) {
  const auto start = Clock::now();
  waiting_since_ns_.store(clock_->now_ns(), std::memory_order_relaxed);
  pb::ServerMessage message;
  for (;;) {
    if (!transport_->receive(message)) {
      waiting_since_ns_.store(0, std::memory_order_relaxed);
      if (timed_out_.load()) fail(fmt::format("no answer within {} ms", config_.deadline.count()), context);
      fail(transport_->failure(), context);
    }
    const auto got = message.kind_case();
    if (got == pb::ServerMessage::kDmaRequest) {
      serve_dma(message.dma_request());
      continue;
    }
    if (got == pb::ServerMessage::kError) {
      const pb::Error& e = message.error();
      std::string what = e.message();
      if (!e.device().empty()) what += fmt::format(" [device {}, address {:#x}]", e.device(), e.address());
      waiting_since_ns_.store(0, std::memory_order_relaxed);
      fail(what, context);
    }
    // Pipelined mode: an earlier sync's answer precedes later answers.
    if (got == pb::ServerMessage::kSyncAck && kind != pb::ServerMessage::kSyncAck && sync_outstanding_) {
      if (message.sync_ack().id() != sync_id_) fail("malformed message: sync_ack for an unknown sync", context);
      sync_outstanding_ = false;
      ++stats_.syncs;
      stats_.sync_rtt.record(Clock::now() - sync_started_);
      apply_events(message.sync_ack().events());
      continue;
    }
    if (got != kind) {
      fail(fmt::format("malformed message: got {} while waiting for {}", kind_name(got), kind_name(kind)), context);
    }
    break;
  }
  waiting_since_ns_.store(0, std::memory_order_relaxed);
  stats_.waiting += Clock::now() - start;
  const uint64_t got_id = kind == pb::ServerMessage::kResponse        ? message.response().id()
                          : kind == pb::ServerMessage::kSyncAck       ? message.sync_ack().id()
                          : kind == pb::ServerMessage::kResetAck      ? message.reset_ack().id()
                          : kind == pb::ServerMessage::kStateChunk    ? message.state_chunk().id()
                          : kind == pb::ServerMessage::kStateRestored ? message.state_restored().id()
                                                                      : id;
  if (got_id != id) fail(fmt::format("malformed message: answer to request {} while waiting for {}", got_id, id), context);
  return message;
}

void ServerLink::check_deadline() {
  const int64_t since = waiting_since_ns_.load(std::memory_order_relaxed);
  if (since == 0 || timed_out_.load()) return;
  const int64_t waited = clock_->now_ns() - since;
  if (waited > std::chrono::duration_cast<std::chrono::nanoseconds>(config_.deadline).count()) {
    std::lock_guard<std::mutex> lock(transport_mutex_);
    timed_out_.store(true);
    if (transport_) transport_->cancel();
  }
}

void ServerLink::start_handshake(uint64_t quantum_ps) {
  const std::string context = fmt::format("connecting to {}", config_.address);
  std::unique_ptr<ClientTransport> transport;
  try {
    TlsClientOptions tls{config_.tls_ca_file, config_.tls_server_name};
    std::function<std::string()> gone;
    if (why_gone_) gone = [this] { return why_gone_(config_.name, false); };
    transport = connector_ ? connector_()
                           : connect_grpc(config_.address, config_.tls_ca_file.empty() ? nullptr : &tls,
                                          config_.connect_timeout, gone);
  } catch (const ServerGone& e) {
    closed_ = true;
    throw cpu::SimulationError(fmt::format("server {}: {}", config_.name, e.what()));
  } catch (const std::exception& e) {
    fail(e.what(), "");
  }
  {
    std::lock_guard<std::mutex> lock(transport_mutex_);
    transport_ = std::move(transport);
  }
  pb::CpuMessage message;
  pb::Hello* hello = message.mutable_hello();
  hello->set_version(kProtocolVersion);
  hello->set_token(config_.token);
  hello->set_server_name(config_.name);
  hello->set_quantum_ps(quantum_ps);
  hello->set_epoch_ns(epoch_ns_);
  if (config_.link != ServerConfig::Link::Grpc) {
    hello->set_offer_shm(true);
    hello->set_host(shm_host_identity());
    hello->set_cpu_pid(static_cast<uint32_t>(::getpid()));
  }
  for (const RemoteDeviceConfig& d : config_.devices) {
    pb::DeviceSpec* spec = hello->add_devices();
    spec->set_name(d.name);
    spec->set_type(d.type);
    spec->set_base(d.base);
    spec->set_size(d.size);
    for (uint32_t irq : d.irqs) spec->add_irqs(irq);
    for (const auto& [key, value] : d.params) (*spec->mutable_params())[key] = value;
    if (d.pcie) {
      spec->mutable_pcie()->set_bus(d.pcie->bus);
      spec->mutable_pcie()->set_device(d.pcie->device);
      spec->mutable_pcie()->set_function(d.pcie->function);
    }
  }
  send(message, "while sending the handshake");
}

void ServerLink::finish_handshake() {
  const pb::ServerMessage message = await(pb::ServerMessage::kHelloAck, 0, "during the handshake");
  const pb::HelloAck& ack = message.hello_ack();
  // The shared-memory link first: opening it removes its name from
  // /dev/shm, so that no check failing below leaves the file behind.
  if (!ack.shm_path().empty()) {
    if (config_.link == ServerConfig::Link::Grpc) {
      fail("took a shared-memory link it was not offered", "during the handshake");
    }
    try {
      std::lock_guard<std::mutex> lock(transport_mutex_);
      transport_ = open_shm_client(ack.shm_path(), ack.server_pid(), std::move(transport_));
    } catch (const std::exception& e) {
      fail(e.what(), "while opening the shared-memory link");
    }
  } else if (config_.link == ServerConfig::Link::Shm) {
    fail("did not take the shared-memory link (--link shm needs a server on this host, run by this user)",
         "during the handshake");
  }
  if (ack.version() != kProtocolVersion) {
    fail(fmt::format("protocol version mismatch: server speaks {}, this CPU speaks {}", ack.version(),
                     kProtocolVersion),
         "during the handshake");
  }
  for (const RemoteDeviceConfig& d : config_.devices) {
    if (d.pcie) continue;  // no fixed range
    bool served = false;
    for (const pb::AddressRange& r : ack.ranges()) served |= r.device() == d.name && r.base() == d.base && r.size() == d.size;
    if (!served) fail(fmt::format("does not serve device {} at {:#x} (+{:#x})", d.name, d.base, d.size), "during the handshake");
  }
  for (uint32_t irq : ack.irqs()) {
    if (irq == 0 || irq >= interrupts_.num_sources()) {
      fail(fmt::format("interrupt {} is out of range (the interrupt controller has {} sources)", irq,
                       interrupts_.num_sources()),
           "during the handshake");
    }
  }
  next_event_ps_ = ack.next_event_ps();
  stats_ = LinkStats{};  // statistics cover the run, not the set-up
  stats_.link = ack.shm_path().empty() ? "gRPC" : "shared memory";
}

bool ServerLink::read(const cpu::AccessContext& ctx, const std::string& device, uint64_t address, unsigned size,
                      uint8_t byte_enable, uint64_t& value) {
  if (read_mirrored(ctx.time_ps, address, size, byte_enable, value)) {
    ++stats_.mirrored_reads;
    trace("read (mirror)", device, ctx.time_ps, address, size, &value, 0, -1);
    return true;
  }
  const std::string context = access_context("reading", size, device, address);
  flush_posted(context);
  pb::CpuMessage message;
  pb::MemoryRequest* request = message.mutable_request();
  const uint64_t id = next_id_++;
  request->set_id(id);
  request->set_time_ps(ctx.time_ps);
  request->set_address(address);
  request->set_length(size);
  set_byte_enable(*request, size, byte_enable);
  const auto start = Clock::now();
  send(message, context);
  dirty_ = false;
  const pb::ServerMessage reply = await(pb::ServerMessage::kResponse, id, context);
  ++stats_.reads;
  const auto round_trip = Clock::now() - start;
  stats_.read_rtt.record(round_trip);
  const pb::MemoryResponse& response = reply.response();
  trace("read", device, ctx.time_ps, address, size,
        response.status() == pb::STATUS_OK && response.data().size() == size ? response.data().data() : nullptr,
        response.delay_ps(), micros(round_trip), status_name(response.status()));
  apply_events(response.events());
  if (ctx.delay_ps) *ctx.delay_ps += response.delay_ps();
  if (response.status() != pb::STATUS_OK) return false;
  if (response.data().size() != size) {
    fail(fmt::format("malformed message: {} data bytes for a {}-byte read", response.data().size(), size), context);
  }
  value = 0;
  std::memcpy(&value, response.data().data(), size);
  return true;
}

bool ServerLink::write(const cpu::AccessContext& ctx, const std::string& device, uint64_t address, unsigned size,
                       uint8_t byte_enable, uint64_t value) {
  if (quiet_write(address, size, byte_enable, value)) {
    ++stats_.quiet_writes;
  } else {
    mirror_valid_ = false;
  }
  pb::MemoryRequest request;
  request.set_time_ps(ctx.time_ps);
  request.set_write(true);
  request.set_address(address);
  request.set_length(size);
  request.set_data(&value, size);
  set_byte_enable(request, size, byte_enable);
  if (config_.posted_writes) {
    trace("write (posted)", device, ctx.time_ps, address, size, &value, 0, -1);
    *posted_.mutable_posted()->add_writes() = std::move(request);
    dirty_ = true;
    ++stats_.posted_writes;
    if (static_cast<size_t>(posted_.posted().writes_size()) >= kMaxPostedBatch) {
      flush_posted(access_context("writing", size, device, address));
    }
    return true;
  }
  const std::string context = access_context("writing", size, device, address);
  flush_posted(context);
  pb::CpuMessage message;
  const uint64_t id = next_id_++;
  request.set_id(id);
  *message.mutable_request() = std::move(request);
  const auto start = Clock::now();
  send(message, context);
  dirty_ = false;
  const pb::ServerMessage reply = await(pb::ServerMessage::kResponse, id, context);
  ++stats_.writes;
  const auto round_trip = Clock::now() - start;
  stats_.write_rtt.record(round_trip);
  trace("write", device, ctx.time_ps, address, size, &value, reply.response().delay_ps(), micros(round_trip),
        status_name(reply.response().status()));
  apply_events(reply.response().events());
  if (ctx.delay_ps) *ctx.delay_ps += reply.response().delay_ps();
  return reply.response().status() == pb::STATUS_OK;
}

bool ServerLink::config_access(const cpu::AccessContext& ctx, const std::string& device, bool write,
                               uint64_t ecam_offset, unsigned size, uint32_t& value) {
  const std::string context = fmt::format("while {} {} bytes of {}'s configuration space at {:#x}",
                                          write ? "writing" : "reading", size, device, ecam_offset & 0xfff);
  flush_posted(context);
  mirror_valid_ = false;
  pb::CpuMessage message;
  pb::MemoryRequest* request = message.mutable_request();
  const uint64_t id = next_id_++;
  request->set_id(id);
  request->set_time_ps(ctx.time_ps);
  request->set_space(pb::SPACE_CONFIG);
  request->set_write(write);
  request->set_address(ecam_offset);
  request->set_length(size);
  if (write) request->set_data(&value, size);
  const auto start = Clock::now();
  send(message, context);
  dirty_ = false;
  const pb::ServerMessage reply = await(pb::ServerMessage::kResponse, id, context);
  ++stats_.config_accesses;
  const auto round_trip = Clock::now() - start;
  stats_.config_rtt.record(round_trip);
  const pb::MemoryResponse& response = reply.response();
  const bool read_ok = !write && response.status() == pb::STATUS_OK && response.data().size() == size;
  trace(write ? "config write" : "config read", device, ctx.time_ps, ecam_offset, size,
        write ? static_cast<const void*>(&value) : read_ok ? response.data().data() : nullptr, 0, micros(round_trip),
        status_name(response.status()));
  answer_time_ps_ = ctx.time_ps;
  apply_events(response.events());
  if (response.status() != pb::STATUS_OK) return false;
  if (!write) {
    if (response.data().size() != size) {
      fail(fmt::format("malformed message: {} data bytes for a {}-byte configuration read", response.data().size(),
                       size),
           context);
    }
    value = 0;
    std::memcpy(&value, response.data().data(), size);
  }
  return true;
}

void ServerLink::trace(const char* kind, const std::string& device, uint64_t time_ps, uint64_t address, uint64_t size,
                       const void* data, uint64_t delay_ps, double latency_us, const char* status) const {
  if (!trace_) return;
  BridgeTrace::Transaction t;
  t.track = track_;
  t.kind = kind;
  t.device = &device;
  t.time_ps = time_ps;
  t.address = address;
  t.size = size;
  t.data = data;
  t.delay_ps = delay_ps;
  t.latency_us = latency_us;
  t.status = status;
  trace_->transaction(t);
}

void ServerLink::flush_posted(const std::string& context) {
  if (posted_.posted().writes_size() == 0) return;
  send(posted_, context);
  ++stats_.posted_batches;
  posted_.mutable_posted()->clear_writes();
}

void ServerLink::start_sync(uint64_t time_ps) {
  const std::string context = fmt::format("while synchronising to {} ps", time_ps);
  flush_posted(context);
  pb::CpuMessage message;
  sync_id_ = next_id_++;
  message.mutable_sync()->set_id(sync_id_);
  message.mutable_sync()->set_time_ps(time_ps);
  // Typed input changes the console's registers (pipelined mode reads on
  // before this sync's answer brings the new mirror).
  if (!console_input_.empty()) mirror_valid_ = false;
  for (pb::ConsoleData& input : console_input_) *message.mutable_sync()->add_console_input() = std::move(input);
  console_input_.clear();
  sync_started_ = Clock::now();
  send(message, context);
  dirty_ = false;
  sync_outstanding_ = true;
}

void ServerLink::finish_sync() {
  if (!sync_outstanding_) return;
  const pb::ServerMessage reply = await(pb::ServerMessage::kSyncAck, sync_id_, "while waiting for a sync");
  sync_outstanding_ = false;
  ++stats_.syncs;
  const auto round_trip = Clock::now() - sync_started_;
  stats_.sync_rtt.record(round_trip);
  trace("sync", config_.name, reply.sync_ack().time_ps(), 0, 0, nullptr, 0, micros(round_trip));
  apply_events(reply.sync_ack().events());
}

void ServerLink::reset(uint64_t time_ps) {
  const std::string context = fmt::format("while resetting the devices at {} ps", time_ps);
  finish_sync();  // pipelined mode: the sync under way comes first
  flush_posted(context);
  console_input_.clear();
  pb::CpuMessage message;
  const uint64_t id = next_id_++;
  message.mutable_reset()->set_id(id);
  message.mutable_reset()->set_time_ps(time_ps);
  send(message, context);
  dirty_ = false;
  mirror_valid_ = false;
  const pb::ServerMessage reply = await(pb::ServerMessage::kResetAck, id, context);
  apply_events(reply.reset_ack().events());
  power_.reset();  // a request raised before the reset took effect is void
}

void ServerLink::apply_events(const pb::Events& events) {
  for (const pb::InterruptChange& change : events.interrupts()) {
    if (change.irq() == 0 || change.irq() >= interrupts_.num_sources()) {  // source 0 does not exist
      fail(fmt::format("malformed message: interrupt {} out of range", change.irq()), "while applying interrupts");
    }
    interrupts_.set_source_level(change.irq(), change.level());
    ++stats_.interrupt_changes;
    if (trace_) trace_->interrupt(track_, change.irq(), change.level(), change.time_ps());
  }
  for (const pb::PostedWriteError& e : events.posted_errors()) {
    ++stats_.posted_errors;
    log::warn("server {}: posted write of {} bytes to {} at {:#x} failed: {}",
                             config_.name, e.length(), e.device(), e.address(), status_name(e.status()));
  }
  for (const pb::ConsoleData& out : events.console_output()) {
    if (!console_) fail(fmt::format("console output from {} but no console is attached", out.device()), "");
    console_->console_write(out.device(), out.data());
  }
  if (events.has_power() && !power_) power_ = events.power();
  stats_.systemc_busy = std::chrono::nanoseconds(events.systemc_busy_ns());
  next_event_ps_ = events.next_event_ps();
  take_mirrors(events);
  apply_windows(events);
}

void ServerLink::apply_windows(const pb::Events& events) {
  for (const pb::PcieWindows& change : events.pcie_windows()) {
    if (!window_listener_) fail(fmt::format("PCIe windows of {} but no host bridge", change.device()), "");
    std::vector<BarWindow> windows;
    for (const pb::PcieWindow& w : change.windows()) windows.push_back({w.bar(), w.base(), w.size(), w.io()});
    window_listener_(change.device(), windows, answer_time_ps_);
  }
}

void ServerLink::take_mirrors(const pb::Events& events) {
  mirrored_.clear();
  quiet_writes_.clear();
  mirror_valid_ = config_.mirror_registers && events.mirrors_size() > 0;
  if (!mirror_valid_) return;
  for (const pb::RegisterMirror& mirror : events.mirrors()) {
    for (const pb::MirroredRegister& r : mirror.registers()) {
      if (r.length() == 0 || r.length() > 8) {
        fail(fmt::format("malformed message: mirrored register of {} at {:#x} is {} bytes long", mirror.device(),
                         r.address(), r.length()),
             "");
      }
      mirrored_.push_back({r.address(), r.length(), r.value()});
    }
    for (const pb::QuietWrite& w : mirror.quiet_writes()) {
      quiet_writes_.push_back({w.address(), w.length(), w.any_value(), w.value()});
    }
  }
}

bool ServerLink::read_mirrored(uint64_t time_ps, uint64_t address, unsigned size, uint8_t byte_enable,
                               uint64_t& value) const {
  // Only until the server's next activity: then the device may change.
  if (!mirror_valid_ || time_ps >= next_event_ps_ || byte_enable != static_cast<uint8_t>((1u << size) - 1)) {
    return false;
  }
  for (const MirroredRegister& r : mirrored_) {
    if (r.address == address && r.length == size) {
      value = r.value;
      return true;
    }
  }
  return false;
}

bool ServerLink::quiet_write(uint64_t address, unsigned size, uint8_t byte_enable, uint64_t value) const {
  if (!mirror_valid_ || byte_enable != static_cast<uint8_t>((1u << size) - 1)) return false;
  const uint64_t mask = size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
  for (const QuietWrite& w : quiet_writes_) {
    if (w.address == address && w.length == size && (w.any_value || w.value == (value & mask))) return true;
  }
  return false;
}

void ServerLink::queue_console_input(const std::string& device, const std::string& bytes) {
  if (!console_input_.empty() && console_input_.back().device() == device) {
    console_input_.back().mutable_data()->append(bytes);
    return;
  }
  pb::ConsoleData data;
  data.set_device(device);
  data.set_data(bytes);
  console_input_.push_back(std::move(data));
}

bool ServerLink::serves(const std::string& device) const {
  for (const RemoteDeviceConfig& d : config_.devices)
    if (d.name == device) return true;
  return false;
}

void ServerLink::serve_dma(const pb::DmaRequest& request) {
  const std::string context = fmt::format("while answering a DMA {} of {} bytes at {:#x} from {}",
                                          request.write() ? "write" : "read", request.length(), request.address(),
                                          request.device());
  const uint64_t length = request.length();
  if (length > kMaxDmaBytes) {  // before a buffer of that size is made
    fail(fmt::format("malformed message: DMA {} of {} bytes (at most {})", request.write() ? "write" : "read", length,
                     kMaxDmaBytes),
         context);
  }
  if (request.write() && request.data().size() != length) {
    fail(fmt::format("malformed message: DMA write of {} bytes with {} data bytes", length, request.data().size()),
         context);
  }
  std::string data = request.write() ? request.data() : std::string(length, '\0');
  auto* bytes = reinterpret_cast<uint8_t*>(data.data());
  bool done = false;
  if (length > 0) {
    if (uint8_t* memory = request.write() ? bus_.writable_ram_pointer(request.address(), length)
                                          : bus_.ram_pointer(request.address(), length)) {
      if (request.write()) {
        std::memcpy(memory, bytes, length);
        bus_.note_written(request.address(), length);  // DMA over code drops its translations
      } else {
        std::memcpy(bytes, memory, length);
      }
      done = true;
    } else {
      done = dma_to_device(request.time_ps(), request.write(), request.address(), bytes, length);
      if (done) ++stats_.dma_to_devices;
    }
  }
  trace(request.write() ? (request.posted() ? "dma write (posted)" : "dma write") : "dma read", request.device(),
        request.time_ps(), request.address(), length, done ? bytes : nullptr, 0, -1, done ? "ok" : "refused");
  if (done) {
    ++(request.write() ? stats_.dma_writes : stats_.dma_reads);
    stats_.dma_bytes += length;
  } else {
    report_refused_dma(request);
  }
  if (request.posted()) {
    ++stats_.dma_posted;
    return;
  }
  pb::CpuMessage message;
  pb::DmaResponse* response = message.mutable_dma_response();
  response->set_id(request.id());
  response->set_status(done ? pb::STATUS_OK : pb::STATUS_ADDRESS_ERROR);
  if (done && !request.write()) response->set_data(std::move(data));
  send(message, context);
}

bool ServerLink::dma_to_device(uint64_t time_ps, bool write, uint64_t address, uint8_t* data, uint64_t length) {
  // Only devices of this process: a device in a server (this one included,
  // which is blocked on this very request) cannot be reached from here.
  cpu::Device* device = bus_.device_at(address, length);
  if (!device || dynamic_cast<RemoteDevice*>(device)) return false;
  const cpu::AccessContext ctx{time_ps, 0, nullptr};
  for (uint64_t done = 0; done < length;) {
    unsigned size = 8;
    while (size > 1 && ((address + done) % size != 0 || length - done < size)) size /= 2;
    uint64_t value = 0;
    if (write) {
      std::memcpy(&value, data + done, size);
      if (!bus_.write(ctx, address + done, size, value)) return false;
    } else {
      if (!bus_.read(ctx, address + done, size, value)) return false;
      std::memcpy(data + done, &value, size);
    }
    done += size;
  }
  return true;
}

void ServerLink::report_refused_dma(const pb::DmaRequest& request) {
  // Reported, not fatal: the model sees a master abort (or, for a posted
  // write, nothing, as on PCIe). The first few are named; all are counted.
  constexpr uint64_t kNamed = 8;
  if (stats_.dma_refused++ < kNamed) {
    log::warn("server {}: DMA {} of {} bytes at {:#x} from {} refused: {} is neither "
                             "RAM nor a device of the CPU process{}",
                             config_.name, request.write() ? "write" : "read", request.length(), request.address(),
                             request.device(), bus_.describe(request.address()),
                             stats_.dma_refused == kNamed ? " (further refusals are only counted, see --stats)" : "");
  }
}

void ServerLink::shutdown(const std::string& reason) {
  if (!transport_ || closed_) return;
  closed_ = true;
  try {
    if (posted_.posted().writes_size() > 0) transport_->send(posted_);
    pb::CpuMessage message;
    message.mutable_shutdown()->set_reason(reason);
    transport_->send(message);
    waiting_since_ns_.store(clock_->now_ns(), std::memory_order_relaxed);  // the watchdog bounds this wait too
    transport_->finish();
    waiting_since_ns_.store(0, std::memory_order_relaxed);
  } catch (...) {
    // Best effort: the session is ending anyway.
  }
}

}  // namespace loom::bridge
