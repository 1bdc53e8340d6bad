#include "test-device/test_device.h"
#include "common/payload.h"

#include <algorithm>
#include <sstream>

#include "common/params.h"
#include "common/sc_time_util.h"

namespace loom::tlm_devices::test_device {
namespace {

using sc_core::sc_time;
using tlm::tlm_generic_payload;
using tlm::tlm_response_status;

constexpr uint64_t low_half = 0xffff'ffffull;

// Payload data is in address order: byte i lives at address + i. The guest
// is little-endian, so registers are assembled least significant byte first
// whatever the host.
uint64_t load_le(const unsigned char* data, unsigned length) {
  uint64_t value = 0;
  for (unsigned i = 0; i < length; ++i) value |= uint64_t{data[i]} << (8 * i);
  return value;
}

void store_le(unsigned char* data, unsigned length, uint64_t value) {
  for (unsigned i = 0; i < length; ++i) data[i] = static_cast<unsigned char>(value >> (8 * i));
}

// Whether byte `i` of the payload is enabled; the byte-enable array repeats
// when it is shorter than the data.
}  // namespace

Config parse_config(const std::string& name, uint64_t size, const ModelParams& params) {
  ParamReader reader(std::string(type_name) + " '" + name + "'", params);
  Config config;
  config.size = size;
  config.access_delay = time_from_ns(reader.get_uint(param::access_delay_ns, param::default_access_delay_ns, max_time_ns()));
  config.dma_delay = time_from_ns(reader.get_uint(param::dma_delay_ns, param::default_dma_delay_ns, max_time_ns()));
  reader.reject_unknown();
  if (size < min_size) {
    reader.fail("size " + hex(size) + " is smaller than the register map (" + hex(min_size) + ")");
  }
  return config;
}

std::unique_ptr<Model> make_test_device(const std::string& name, uint64_t size, const ModelParams& params,
                                        HostServices* services) {
  (void)services;  // the test device needs no host services
  // Parameters are checked before the module exists, so a bad one leaves no
  // half-built module in the hierarchy.
  const Config config = parse_config(name, size, params);
  return std::make_unique<TestDevice>(name.c_str(), config);
}

TestDevice::TestDevice(sc_core::sc_module_name name, const Config& config)
    : sc_module(name),
      mmio_socket_("mmio"),
      dma_socket_("dma"),
      irq_("irq", num_interrupts),
      config_(config) {
  mmio_socket_.register_b_transport(this, &TestDevice::b_transport);
  mmio_socket_.register_transport_dbg(this, &TestDevice::transport_dbg);

  SC_METHOD(drive_interrupts);
  sensitive << irq_changed_;
  dont_initialize();

  SC_METHOD(on_timer_tick);
  sensitive << timer_tick_;
  dont_initialize();

  SC_THREAD(dma_thread);
}

std::vector<sc_core::sc_signal<bool>*> TestDevice::interrupts() {
  std::vector<sc_core::sc_signal<bool>*> outputs;
  for (auto& signal : irq_) outputs.push_back(&signal);
  return outputs;
}

void TestDevice::b_transport(tlm_generic_payload& trans, sc_time& delay) {
  const sc_time when = sc_core::sc_time_stamp() + delay;
  trans.set_dmi_allowed(false);
  delay += config_.access_delay;
  trans.set_response_status(access(trans, delay, when));
}

tlm_response_status TestDevice::access(tlm_generic_payload& trans, sc_time& delay, const sc_time& when) {
  const uint64_t offset = trans.get_address();
  const unsigned length = trans.get_data_length();
  // A streaming width below the length would mean a streaming burst; 0 is
  // taken as "not set" rather than as a burst.
  const unsigned streaming_width = trans.get_streaming_width();
  if (length == 0 || length > max_access_bytes || (streaming_width != 0 && streaming_width < length)) {
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  if (offset >= config_.size || length > config_.size - offset) return tlm::TLM_ADDRESS_ERROR_RESPONSE;

  if (offset >= regs::buffer && offset - regs::buffer + length <= buffer_size) return access_buffer(trans);
  // Any access touching ERROR fails, whatever its size or alignment.
  if (offset < regs::error + 8 && offset + length > regs::error) return tlm::TLM_GENERIC_ERROR_RESPONSE;

  const Register* reg = find_register(offset);
  if (reg == nullptr) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  return access_register(*reg, trans, delay, when);
}

tlm_response_status TestDevice::access_buffer(tlm_generic_payload& trans) {
  const uint64_t start = trans.get_address() - regs::buffer;
  unsigned char* data = trans.get_data_ptr();
  for (unsigned i = 0; i < trans.get_data_length(); ++i) {
    const bool enabled = byte_enabled(trans, i);
    if (trans.is_write()) {
      if (enabled) buffer_[start + i] = data[i];
    } else if (trans.is_read()) {
      // Disabled lanes read as zero rather than being left untouched, so
      // that what the initiator gets back never depends on its own buffer.
      data[i] = enabled ? buffer_[start + i] : 0;
    }
  }
  return tlm::TLM_OK_RESPONSE;
}

tlm_response_status TestDevice::access_register(const Register& reg, tlm_generic_payload& trans, sc_time& delay,
                                                const sc_time& when) {
  const unsigned length = trans.get_data_length();
  if (length != 4 && length != 8) return tlm::TLM_BURST_ERROR_RESPONSE;
  if (!all_bytes_enabled(trans)) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;

  if (trans.is_read()) {
    if (reg.access == Access::write_only) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    uint64_t value = 0;
    const tlm_response_status status = read_register(reg, value, delay, when);
    if (status == tlm::TLM_OK_RESPONSE) store_le(trans.get_data_ptr(), length, value);
    return status;
  }
  if (trans.is_write()) {
    if (reg.access == Access::read_only) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    write_register(reg, length, load_le(trans.get_data_ptr(), length), when);
  }
  return tlm::TLM_OK_RESPONSE;  // TLM_IGNORE_COMMAND: nothing to do
}

tlm_response_status TestDevice::read_register(const Register& reg, uint64_t& value, sc_time& delay,
                                              const sc_time& when) {
  switch (reg.offset) {
    case regs::id: value = id_value; break;
    case regs::scratch: value = scratch_; break;
    case regs::irq_status: value = irq_state_; break;
    case regs::timer_period_ns: value = timer_period_ns_; break;
    case regs::timer_count: value = timer_ticks_at(when); break;
    case regs::dma_src: value = dma_src_; break;
    case regs::dma_dst: value = dma_dst_; break;
    case regs::dma_len: value = dma_len_; break;
    case regs::dma_status: value = dma_status_; break;
    case regs::dma_peek: return dma_peek(value, delay);
    default: return tlm::TLM_COMMAND_ERROR_RESPONSE;  // unreachable: the map says write-only
  }
  return tlm::TLM_OK_RESPONSE;
}

void TestDevice::write_register(const Register& reg, unsigned length, uint64_t value, const sc_time& when) {
  // A 4-byte write replaces the low half of a 64-bit register.
  auto merge = [length, value](uint64_t old) { return length == 8 ? value : (old & ~low_half) | (value & low_half); };
  if (reg.width_bits == 32) value &= low_half;
  switch (reg.offset) {
    case regs::scratch: scratch_ = merge(scratch_); break;
    case regs::irq_raise: raise_interrupts(static_cast<uint32_t>(value)); break;
    case regs::irq_clear: clear_interrupts(static_cast<uint32_t>(value)); break;
    case regs::timer_period_ns: set_timer_period(merge(timer_period_ns_), when); break;
    case regs::dma_src: dma_src_ = merge(dma_src_); break;
    case regs::dma_dst: dma_dst_ = merge(dma_dst_); break;
    case regs::dma_len: dma_len_ = merge(dma_len_); break;
    case regs::dma_ctrl:
      if (value & dma_ctrl_start) start_dma(when);
      break;
    default: break;  // unreachable: the map says read-only
  }
}

unsigned int TestDevice::transport_dbg(tlm_generic_payload& trans) {
  // Debug access (e.g. a debugger's memory view) reaches the buffer only:
  // registers have side effects and PEEK would need the bus.
  const uint64_t offset = trans.get_address();
  if (offset < regs::buffer || offset >= regs::buffer + buffer_size) return 0;
  const uint64_t start = offset - regs::buffer;
  const unsigned length = static_cast<unsigned>(std::min<uint64_t>(trans.get_data_length(), buffer_size - start));
  unsigned char* data = trans.get_data_ptr();
  for (unsigned i = 0; i < length; ++i) {
    if (trans.is_write()) buffer_[start + i] = data[i];
    if (trans.is_read()) data[i] = buffer_[start + i];
  }
  return length;
}

void TestDevice::raise_interrupts(uint32_t bits) {
  irq_state_ |= bits & irq_mask;
  irq_changed_.notify(sc_core::SC_ZERO_TIME);
}

void TestDevice::clear_interrupts(uint32_t bits) {
  irq_state_ &= ~(bits & irq_mask);
  irq_changed_.notify(sc_core::SC_ZERO_TIME);
}

void TestDevice::drive_interrupts() {
  for (unsigned n = 0; n < num_interrupts; ++n) irq_[n].write(((irq_state_ >> n) & 1) != 0);
}

}  // namespace loom::tlm_devices::test_device
