#include "server/session.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <thread>

#include <unistd.h>

#include "protocol.h"
#include "transport/shm_ring.h"
#include "loom/log/log.h"

namespace loom::bridge {
namespace {

pb::Status to_status(tlm::tlm_response_status s) {
  switch (s) {
    case tlm::TLM_OK_RESPONSE: return pb::STATUS_OK;
    case tlm::TLM_ADDRESS_ERROR_RESPONSE: return pb::STATUS_ADDRESS_ERROR;
    case tlm::TLM_COMMAND_ERROR_RESPONSE: return pb::STATUS_COMMAND_ERROR;
    case tlm::TLM_BURST_ERROR_RESPONSE: return pb::STATUS_BURST_ERROR;
    case tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE: return pb::STATUS_BYTE_ENABLE_ERROR;
    case tlm::TLM_INCOMPLETE_RESPONSE: return pb::STATUS_INCOMPLETE;
    default: return pb::STATUS_GENERIC_ERROR;
  }
}

tlm::tlm_response_status from_status(pb::Status s) {
  switch (s) {
    case pb::STATUS_OK: return tlm::TLM_OK_RESPONSE;
    case pb::STATUS_ADDRESS_ERROR: return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    case pb::STATUS_COMMAND_ERROR: return tlm::TLM_COMMAND_ERROR_RESPONSE;
    case pb::STATUS_BURST_ERROR: return tlm::TLM_BURST_ERROR_RESPONSE;
    case pb::STATUS_BYTE_ENABLE_ERROR: return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    default: return tlm::TLM_GENERIC_ERROR_RESPONSE;
  }
}

// Each direction of a shared-memory link: a message of up to half of it
// fits (4 MiB, gRPC's default limit); only the pages used take memory.
constexpr uint32_t kShmRingBytes = 8u << 20;

uint64_t next_event_ps() {
  if (!sc_core::sc_pending_activity()) return kNoEvent;
  return sc_core::sc_time_stamp().value() + sc_core::sc_time_to_pending_activity().value();
}

}  // namespace

Session::Session(ServerTransport& transport, const DeviceServerOptions& options)
    : transport_(&transport), options_(options) {}

Session::~Session() {
  if (!shm_path_.empty()) ::unlink(shm_path_.c_str());  // the CPU never took it (usually gone already)
}

void Session::send(const pb::ServerMessage& message) {
  if (!transport_->send(message)) broken_ = true;
}

void Session::send_error(const std::string& message, const std::string& device, uint64_t address) {
  // A spawned (quiet) server leaves reporting to the CPU, which names it.
  if (!options_.quiet) log::error("{}", message);
  pb::ServerMessage m;
  m.mutable_error()->set_message(message);
  m.mutable_error()->set_device(device);
  m.mutable_error()->set_address(address);
  send(m);
  broken_ = true;
}

bool Session::next_message(pb::CpuMessage& message) {
  if (!deferred_.empty()) {
    message = std::move(deferred_.front());
    deferred_.pop_front();
    return true;
  }
  return transport_->receive(message);
}

bool Session::handshake() {
  // Authentication before anything else: a peer that is not a CPU with
  // the right token costs the server one line, and it serves on.
  pb::CpuMessage message;
  if (!transport_->receive(message)) {
    log::error("refused a client: it closed the stream before the handshake");
    refused_stranger_ = true;
    return false;
  }
  if (!message.has_hello()) {
    send_error("malformed handshake: the first message must be hello");
    log::error("refused a client: its first message was not hello");
    refused_stranger_ = true;
    return false;
  }
  const pb::Hello& hello = message.hello();
  if (!options_.token.empty() && hello.token() != options_.token) {
    send_error("authentication failed: wrong or missing token");
    log::error("refused a client: wrong or missing token");
    refused_stranger_ = true;
    return false;
  }
  if (hello.version() != kProtocolVersion) {
    send_error(fmt::format("protocol version mismatch: the CPU speaks {}, this server speaks {}", hello.version(),
                           kProtocolVersion));
    return false;
  }
  server_name_ = hello.server_name();
  epoch_ns_ = hello.epoch_ns();

  pb::ServerMessage reply;
  pb::HelloAck* ack = reply.mutable_hello_ack();
  std::string current;
  try {
    endpoint_ = std::make_unique<Endpoint>(
        "bridge",
        [this](uint64_t t, bool w, uint64_t a, unsigned char* d, unsigned l, const std::string& dev, bool posted) {
          return dma(t, w, a, d, l, dev, posted);
        });
    for (const pb::DeviceSpec& spec : hello.devices()) {
      current = spec.name();
      for (const pb::DeviceSpec& other : hello.devices()) {
        if (&other != &spec && spec.base() < other.base() + other.size() && other.base() < spec.base() + spec.size()) {
          throw std::runtime_error(fmt::format("device {} [{:#x}, +{:#x}) overlaps device {}", spec.name(),
                                               spec.base(), spec.size(), other.name()));
        }
      }
      tlm_devices::ModelParams params(spec.params().begin(), spec.params().end());
      models_.push_back(tlm_devices::create_model(spec.type(), spec.name(), spec.size(), params, this));
      models_by_name_[spec.name()] = models_.back().get();
      placed_.push_back({spec.name(), spec.type(), spec.base(), models_.back().get()});
      if (spec.has_pcie() != (models_.back()->pcie() != nullptr)) {
        throw std::runtime_error(fmt::format("device {}: type {} {} a PCIe function", spec.name(), spec.type(),
                                             spec.has_pcie() ? "is not" : "is only"));
      }
      endpoint_->attach(spec.name(), spec.base(), spec.size(), *models_.back(),
                        std::vector<uint32_t>(spec.irqs().begin(), spec.irqs().end()));
      if (spec.has_pcie()) {
        const pb::PcieAddress& at = spec.pcie();
        if (at.bus() > 255 || at.device() > 31 || at.function() > 7) {
          throw std::runtime_error(fmt::format("device {}: no PCIe function {:02x}:{:02x}.{}", spec.name(), at.bus(),
                                               at.device(), at.function()));
        }
        const uint32_t key = at.bus() << 20 | at.device() << 15 | at.function() << 12;
        if (!pcie_functions_.emplace(key, endpoint_->device_count() - 1).second) {
          throw std::runtime_error(fmt::format("device {}: PCIe function {:02x}:{:02x}.{} is taken", spec.name(),
                                               at.bus(), at.device(), at.function()));
        }
        for (uint32_t irq : spec.irqs()) ack->add_irqs(irq);
        continue;  // no fixed range: its BARs are mapped as the guest assigns them
      }
      pb::AddressRange* range = ack->add_ranges();
      range->set_device(spec.name());
      range->set_base(spec.base());
      range->set_size(spec.size());
      for (uint32_t irq : spec.irqs()) ack->add_irqs(irq);
    }
    current.clear();
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // end of elaboration; processes initialise
    advance_to(0);
  } catch (const sc_core::sc_report& e) {
    send_error(fmt::format("SystemC error while building the models: {}", e.what()), current);
    return false;
  } catch (const std::exception& e) {
    send_error(e.what(), current);
    return false;
  }
  ack->set_version(options_.fault == Fault::Version ? kProtocolVersion + 1 : kProtocolVersion);
  ack->set_server(fmt::format("loom serve 0.1.0 ({})", sc_core::sc_version()));
  ack->add_capabilities("dma");
  ack->add_capabilities("posted-writes");
  ack->add_capabilities("register-mirror");
  ack->set_next_event_ps(next_event_ps());
  // The shared-memory link: a CPU on this host (same boot, user and
  // /dev/shm) offered it. From the next message on, everything travels
  // through the segment; the gRPC stream only ends the session.
  std::optional<ShmSegment> segment;
  if (hello.offer_shm() && options_.allow_shm && !hello.host().empty() && hello.host() == shm_host_identity()) {
    try {
      segment.emplace(ShmSegment::create(kShmRingBytes));
      ack->set_shm_path(segment->path());
      ack->set_server_pid(static_cast<uint32_t>(::getpid()));
    } catch (const std::exception& e) {
      if (!options_.quiet) log::warn("{}; staying on gRPC", e.what());
    }
  }
  send(reply);
  if (segment) {
    const std::string path = segment->path();
    shm_ = make_shm_server(std::move(*segment), hello.cpu_pid());
    transport_ = shm_.get();
    // The CPU removes the name once it has the segment; if it never comes
    // (it died), the first wait on the link notices, and the name goes here.
    shm_path_ = path;
  }
  return !broken_;
}

void Session::advance_to(uint64_t time_ps) {
  const auto start = std::chrono::steady_clock::now();
  const uint64_t now = sc_core::sc_time_stamp().value();
  if (time_ps > now) sc_core::sc_start(sc_core::sc_time::from_value(time_ps - now));
  // sc_start(d) stops at now+d before running that instant's processes: run
  // them, so that an access at t sees everything the models did at t.
  settle();
  busy_ += std::chrono::steady_clock::now() - start;
}

void Session::settle() {
  check_models();
  while (sc_core::sc_pending_activity_at_current_time()) {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    check_models();
  }
}

void Session::check_models() const {
  // A model that broke down (RTL breaking a bus rule) may have stopped the
  // simulation: end the session with its line, not SystemC's.
  for (const auto& [name, model] : models_by_name_) {
    if (std::string why = model->failure(); !why.empty()) throw std::runtime_error(why);
  }
}

void Session::deliver_console_input() {
  for (auto it = pending_input_.begin(); it != pending_input_.end();) {
    tlm_devices::Model& model = *models_by_name_.at(it->first);
    const size_t n = std::min(model.console_input_room(), it->second.size());
    if (n > 0) {
      model.console_input(it->second.substr(0, n));
      it->second.erase(0, n);
    }
    it = it->second.empty() ? pending_input_.erase(it) : std::next(it);
  }
  settle();
}

void Session::fill_events(pb::Events& events) {
  if (!pending_input_.empty()) deliver_console_input();
  for (const InterruptEvent& e : endpoint_->take_interrupt_events()) {
    pb::InterruptChange* change = events.add_interrupts();
    change->set_irq(e.irq);
    change->set_level(e.level);
    change->set_time_ps(e.time_ps);
  }
  for (pb::PostedWriteError& e : posted_errors_) *events.add_posted_errors() = std::move(e);
  posted_errors_.clear();
  for (pb::ConsoleData& c : console_output_) *events.add_console_output() = std::move(c);
  console_output_.clear();
  if (power_) {
    *events.mutable_power() = *power_;
    power_.reset();
  }
  // Input still waiting for FIFO room: look again after about a character time.
  constexpr uint64_t kConsoleRetryPs = 100'000'000;  // 100 us
  const uint64_t now = sc_core::sc_time_stamp().value();
  events.set_next_event_ps(pending_input_.empty() ? next_event_ps()
                                                  : std::min(next_event_ps(), now + kConsoleRetryPs));
  events.set_systemc_busy_ns(static_cast<uint64_t>(busy_.count()));
  fill_mirrors(events);
  fill_windows(events);
}

void Session::fill_windows(pb::Events& events, bool every) {
  for (const auto& [key, device] : pcie_functions_) {
    if (!endpoint_->refresh_windows(device) && !every) continue;
    pb::PcieWindows* out = events.add_pcie_windows();
    out->set_device(endpoint_->device_name(device));
    for (const tlm_devices::PcieWindow& w : endpoint_->windows(device)) {
      pb::PcieWindow* window = out->add_windows();
      window->set_bar(w.bar);
      window->set_base(w.base);
      window->set_size(w.size);
      window->set_io(w.io);
    }
  }
}

void Session::handle_config(const pb::MemoryRequest& request, pb::MemoryResponse& response) {
  const unsigned length = request.length();
  const uint64_t offset = request.address() & 0xfff;
  const auto it = pcie_functions_.find(static_cast<uint32_t>(request.address() & ~uint64_t{0xfff}));
  if ((length != 1 && length != 2 && length != 4) || offset % length != 0 || request.address() >= (1ull << 28) ||
      (request.write() && request.data().size() != length)) {
    send_error(fmt::format("malformed configuration access {}: {} bytes at ECAM offset {:#x}", request.id(), length,
                           request.address()));
    return;
  }
  if (it == pcie_functions_.end()) {
    response.set_status(pb::STATUS_ADDRESS_ERROR);  // no such function here: the CPU side reads all-ones
    return;
  }
  tlm_devices::PcieFunction& function = *endpoint_->pcie(it->second);
  const auto start = std::chrono::steady_clock::now();
  if (request.write()) {
    uint32_t value = 0;
    std::memcpy(&value, request.data().data(), length);
    function.config_write(static_cast<unsigned>(offset), length, value);
  } else {
    const uint32_t value = function.config_read(static_cast<unsigned>(offset), length);
    response.set_data(reinterpret_cast<const char*>(&value), length);
  }
  settle();
  busy_ += std::chrono::steady_clock::now() - start;
  response.set_status(pb::STATUS_OK);
}

void Session::fill_mirrors(pb::Events& events) const {
  for (const Placed& p : placed_) {
    const tlm_devices::RegisterMirror mirror = p.model->register_mirror();
    if (mirror.empty()) continue;
    pb::RegisterMirror* out = events.add_mirrors();
    out->set_device(p.name);
    for (const tlm_devices::MirroredRegister& r : mirror.registers) {
      pb::MirroredRegister* reg = out->add_registers();
      reg->set_address(p.base + r.offset);
      reg->set_length(r.length);
      reg->set_value(r.value);
    }
    for (const tlm_devices::QuietWrite& w : mirror.quiet_writes) {
      pb::QuietWrite* quiet = out->add_quiet_writes();
      quiet->set_address(p.base + w.offset);
      quiet->set_length(w.length);
      quiet->set_any_value(w.any_value);
      quiet->set_value(w.value);
    }
  }
}

void Session::handle_request(const pb::MemoryRequest& request) {
  advance_to(request.time_ps());
  pb::ServerMessage reply;
  pb::MemoryResponse* response = reply.mutable_response();
  response->set_id(options_.fault == Fault::Malformed && fault_due() ? request.id() + 1000 : request.id());
  const unsigned length = request.length();
  if (length == 0 || length > 4096 || (request.write() && request.data().size() != length) ||
      (!request.byte_enable().empty() && request.byte_enable().size() != length)) {
    send_error(fmt::format("malformed request {}: {} bytes with {} data and {} byte-enable bytes", request.id(),
                           length, request.data().size(), request.byte_enable().size()),
               {}, request.address());
    return;
  }
  const int device = request.space() == pb::SPACE_CONFIG ? -1 : endpoint_->find(request.address(), length);
  if (request.space() == pb::SPACE_CONFIG) {
    handle_config(request, *response);
    if (broken_) return;
  } else if (device < 0) {
    response->set_status(pb::STATUS_ADDRESS_ERROR);
  } else {
    std::string data = request.write() ? request.data() : std::string(length, '\0');
    const auto* byte_enable =
        request.byte_enable().empty() ? nullptr : reinterpret_cast<const unsigned char*>(request.byte_enable().data());
    const auto start = std::chrono::steady_clock::now();
    const Endpoint::AccessResult result = endpoint_->access(static_cast<size_t>(device), request.write(),
                                                            request.address(),
                                                            reinterpret_cast<unsigned char*>(data.data()), length,
                                                            byte_enable);
    settle();
    busy_ += std::chrono::steady_clock::now() - start;
    response->set_status(to_status(result.status));
    response->set_delay_ps(result.delay_ps);
    if (!request.write() && result.status == tlm::TLM_OK_RESPONSE) response->set_data(std::move(data));
  }
  fill_events(*response->mutable_events());
  send(reply);
}

void Session::handle_posted(const pb::PostedWrites& posted) {
  for (const pb::MemoryRequest& write : posted.writes()) {
    advance_to(write.time_ps());
    const unsigned length = write.length();
    if (length == 0 || length > 4096 || write.data().size() != length ||
        (!write.byte_enable().empty() && write.byte_enable().size() != length)) {
      send_error(fmt::format("malformed posted write of {} bytes with {} data bytes", length, write.data().size()), {},
                 write.address());
      return;
    }
    const int device = endpoint_->find(write.address(), length);
    tlm::tlm_response_status status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
    std::string name = "nothing";
    if (device >= 0) {
      std::string data = write.data();
      const auto* byte_enable =
          write.byte_enable().empty() ? nullptr : reinterpret_cast<const unsigned char*>(write.byte_enable().data());
      status = endpoint_->access(static_cast<size_t>(device), true, write.address(),
                                 reinterpret_cast<unsigned char*>(data.data()), length, byte_enable)
                   .status;
      settle();
      name = endpoint_->device_name(static_cast<size_t>(device));
    }
    if (status != tlm::TLM_OK_RESPONSE) {
      pb::PostedWriteError e;
      e.set_address(write.address());
      e.set_length(length);
      e.set_status(to_status(status));
      e.set_device(name);
      e.set_time_ps(write.time_ps());
      posted_errors_.push_back(std::move(e));
    }
    if (broken_) return;
  }
}

void Session::console_output(const std::string& device, const std::string& bytes) {
  if (!console_output_.empty() && console_output_.back().device() == device) {
    console_output_.back().mutable_data()->append(bytes);
    return;
  }
  pb::ConsoleData data;
  data.set_device(device);
  data.set_data(bytes);
  console_output_.push_back(std::move(data));
}

void Session::power_request(const std::string& device, tlm_devices::PowerAction action, uint32_t code) {
  if (power_) return;  // the first request stands
  pb::PowerRequest request;
  request.set_action(action == tlm_devices::PowerAction::Reset ? pb::PowerRequest::RESET
                                                               : pb::PowerRequest::POWER_OFF);
  request.set_code(code);
  request.set_device(device);
  request.set_time_ps(sc_core::sc_time_stamp().value());
  power_ = std::move(request);
}

void Session::handle_sync(const pb::Sync& sync) {
  advance_to(sync.time_ps());
  for (const pb::ConsoleData& input : sync.console_input()) {
    const auto it = models_by_name_.find(input.device());
    if (it == models_by_name_.end() || !it->second->is_console()) {
      send_error(fmt::format("console input for {}, which is not a console device", input.device()),
                 input.device());
      return;
    }
    pending_input_[input.device()] += input.data();
  }
  deliver_console_input();
  pb::ServerMessage reply;
  pb::SyncAck* ack = reply.mutable_sync_ack();
  ack->set_id(options_.fault == Fault::Malformed && fault_due() ? sync.id() + 1000 : sync.id());
  ack->set_time_ps(sc_core::sc_time_stamp().value());
  fill_events(*ack->mutable_events());
  send(reply);
}

void Session::handle_reset(const pb::Reset& reset) {
  advance_to(reset.time_ps());
  for (auto& model : models_) model->reset();
  settle();  // the interrupt outputs fall
  pending_input_.clear();
  power_.reset();
  pb::ServerMessage reply;
  reply.mutable_reset_ack()->set_id(reset.id());
  fill_events(*reply.mutable_reset_ack()->mutable_events());
  send(reply);
}

tlm::tlm_response_status Session::dma(uint64_t time_ps, bool write, uint64_t address, unsigned char* data,
                                      unsigned length, const std::string& device, bool posted) {
  if (broken_ || restoring_) return tlm::TLM_GENERIC_ERROR_RESPONSE;
  if (options_.fault == Fault::CrashInDma && fault_due()) std::abort();
  pb::ServerMessage message;
  pb::DmaRequest* request = message.mutable_dma_request();
  const uint64_t id = next_dma_id_++;
  request->set_id(id);
  request->set_time_ps(time_ps);
  request->set_write(write);
  request->set_address(address);
  request->set_length(length);
  request->set_device(device);
  if (write) request->set_data(data, length);
  request->set_posted(posted);
  send(message);
  // A posted write is done once sent: the CPU applies it in stream order,
  // before anything this server says next, and reports a refused one.
  if (posted) return broken_ ? tlm::TLM_GENERIC_ERROR_RESPONSE : tlm::TLM_OK_RESPONSE;
  // The CPU answers DMA while it waits on this server; anything else that
  // arrives first waits its turn.
  pb::CpuMessage in;
  while (!broken_ && transport_->receive(in)) {
    if (!in.has_dma_response() || in.dma_response().id() != id) {
      deferred_.push_back(std::move(in));
      continue;
    }
    const pb::DmaResponse& response = in.dma_response();
    if (!write && response.status() == pb::STATUS_OK) {
      if (response.data().size() != length) {
        send_error(fmt::format("malformed DMA response: {} bytes for a {}-byte read", response.data().size(), length),
                   device, address);
        return tlm::TLM_GENERIC_ERROR_RESPONSE;
      }
      std::memcpy(data, response.data().data(), length);
    }
    return from_status(response.status());
  }
  broken_ = true;
  return tlm::TLM_GENERIC_ERROR_RESPONSE;
}

bool Session::fault_due() { return options_.fault != Fault::None && requests_ > options_.fault_after; }

int Session::run() {
  if (!handshake()) return 1;
  pb::CpuMessage message;
  while (next_message(message)) {
    const auto kind = message.kind_case();
    if (kind == pb::CpuMessage::kRequest || kind == pb::CpuMessage::kSync) {
      ++requests_;
      if (fault_due()) {
        switch (options_.fault) {
          case Fault::Stall:
            for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
          case Fault::Close: return 0;
          case Fault::Crash: std::abort();
          case Fault::CorruptLink:
            transport_->corrupt_for_test();
            for (;;) std::this_thread::sleep_for(std::chrono::hours(1));  // the CPU must not wait for it
          default: break;
        }
      }
    }
    try {
      switch (kind) {
        case pb::CpuMessage::kRequest: handle_request(message.request()); break;
        case pb::CpuMessage::kPosted: handle_posted(message.posted()); break;
        case pb::CpuMessage::kSync: handle_sync(message.sync()); break;
        case pb::CpuMessage::kReset: handle_reset(message.reset()); break;
        case pb::CpuMessage::kSaveState: handle_save(message.save_state()); break;
        case pb::CpuMessage::kRestoreState: handle_restore(message.restore_state()); break;
        case pb::CpuMessage::kShutdown:
          ended_by_cpu_ = true;
          return 0;
        default:
          send_error(fmt::format("malformed message from the CPU (kind {})", static_cast<int>(kind)));
          break;
      }
    } catch (const sc_core::sc_report& e) {
      send_error(fmt::format("SystemC error: {}", e.what()));
    } catch (const std::exception& e) {
      send_error(e.what());
    }
    if (broken_) return 1;
  }
  if (!options_.quiet) log::error("the CPU closed the session without a shutdown");
  return 1;
}

}  // namespace loom::bridge
