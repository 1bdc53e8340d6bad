// MMIO decoding of the virtio-mmio registers and configuration window.

#include "virtio/mmio_transport.h"
#include "common/payload.h"

#include "virtio/virtio.h"

namespace loom::tlm_devices::virtio {
namespace {

using sc_core::sc_time;
using tlm::tlm_generic_payload;
using tlm::tlm_response_status;

uint32_t low_word(uint64_t value) { return static_cast<uint32_t>(value); }
uint32_t high_word(uint64_t value) { return static_cast<uint32_t>(value >> 32); }
uint64_t with_low_word(uint64_t old, uint32_t word) { return (old & ~0xffff'ffffull) | word; }
uint64_t with_high_word(uint64_t old, uint32_t word) { return (old & 0xffff'ffffull) | (uint64_t{word} << 32); }

}  // namespace

MmioTransport::MmioTransport(sc_core::sc_module_name name, const TransportConfig& config)
    : sc_module(name),
      mmio_socket_("mmio"),
      dma_socket_("dma"),
      irq_("irq"),
      config_(config),
      bus_(dma_socket_, [this] { check_current(); }, cancelled_),
      queues_(config.num_queues) {
  mmio_socket_.register_b_transport(this, &MmioTransport::b_transport);

  SC_METHOD(drive_interrupt);
  sensitive << irq_changed_;
  dont_initialize();

  SC_THREAD(queue_thread);
}

void MmioTransport::b_transport(tlm_generic_payload& trans, sc_time& delay) {
  trans.set_dmi_allowed(false);
  trans.set_response_status(access(trans, delay));
}

tlm_response_status MmioTransport::access(tlm_generic_payload& trans, const sc_time& delay) {
  const uint64_t offset = trans.get_address();
  const unsigned length = trans.get_data_length();
  const unsigned streaming_width = trans.get_streaming_width();  // 0: not set
  if (length == 0 || length > mmio::max_config_access_bytes || (streaming_width != 0 && streaming_width < length)) {
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  if (offset >= config_.size || length > config_.size - offset) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (offset >= mmio::config_offset) return access_config(trans);

  const mmio::Register* reg = mmio::find_register(offset);
  if (reg == nullptr) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (length != mmio::register_bytes) return tlm::TLM_BURST_ERROR_RESPONSE;
  if (!all_bytes_enabled(trans)) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  uint8_t* data = trans.get_data_ptr();
  if (trans.is_read()) {
    if (reg->access == mmio::Access::write_only) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    store_le(data, length, read_register(offset));
  } else if (trans.is_write()) {
    if (reg->access == mmio::Access::read_only) return tlm::TLM_COMMAND_ERROR_RESPONSE;
    write_register(offset, static_cast<uint32_t>(load_le(data, length)), delay);
  }
  return tlm::TLM_OK_RESPONSE;  // TLM_IGNORE_COMMAND: nothing to do
}

tlm_response_status MmioTransport::access_config(tlm_generic_payload& trans) {
  const uint64_t offset = trans.get_address() - mmio::config_offset;
  const unsigned length = trans.get_data_length();
  if (length != 1 && length != 2 && length != 4 && length != 8) return tlm::TLM_BURST_ERROR_RESPONSE;
  if (offset % length != 0) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (!all_bytes_enabled(trans)) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  // Nothing in the configuration space is writable (no device offers a
  // writable field here), so writes are ignored.
  if (trans.is_read()) read_config(offset, trans.get_data_ptr(), length);
  return tlm::TLM_OK_RESPONSE;
}

MmioTransport::Queue* MmioTransport::selected_queue() {
  return queue_sel_ < queues_.size() ? &queues_[queue_sel_] : nullptr;
}

const MmioTransport::Queue* MmioTransport::selected_queue() const {
  return queue_sel_ < queues_.size() ? &queues_[queue_sel_] : nullptr;
}

uint32_t MmioTransport::read_register(uint64_t offset) const {
  const Queue* queue = selected_queue();
  switch (offset) {
    case mmio::regs::magic_value: return mmio::magic_value;
    case mmio::regs::version: return mmio::version;
    case mmio::regs::device_id: return config_.device_id;
    case mmio::regs::vendor_id: return mmio::vendor_id;
    case mmio::regs::device_features:
      if (device_features_sel_ == 0) return low_word(config_.features);
      if (device_features_sel_ == 1) return high_word(config_.features);
      return 0;
    case mmio::regs::queue_num_max: return queue ? config_.queue_size_max : 0;
    case mmio::regs::queue_ready: return queue && queue->ready ? 1 : 0;
    case mmio::regs::interrupt_status: return interrupt_status_;
    case mmio::regs::status: return status_;
    case mmio::regs::config_generation: return 0;  // the configuration never changes
    default: return 0;                             // unreachable: the map says write-only
  }
}

void MmioTransport::write_register(uint64_t offset, uint32_t value, const sc_time& delay) {
  Queue* queue = selected_queue();
  // The driver may not change a running queue's layout (4.2.3.2); such
  // writes, like those for a queue that does not exist, are ignored.
  Queue* stopped_queue = queue && !queue->ready ? queue : nullptr;
  switch (offset) {
    case mmio::regs::device_features_sel: device_features_sel_ = value; break;
    case mmio::regs::driver_features:
      // Accepted features are frozen once FEATURES_OK is set.
      if (status_ & status::features_ok) break;
      if (driver_features_sel_ == 0) driver_features_ = with_low_word(driver_features_, value);
      if (driver_features_sel_ == 1) driver_features_ = with_high_word(driver_features_, value);
      break;
    case mmio::regs::driver_features_sel: driver_features_sel_ = value; break;
    case mmio::regs::queue_sel: queue_sel_ = value; break;
    case mmio::regs::queue_num:
      if (stopped_queue) stopped_queue->size = value;
      break;
    case mmio::regs::queue_ready: write_queue_ready((value & 1) != 0); break;
    case mmio::regs::queue_notify:
      // Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index.
      if (value < queues_.size() && queue_running(queues_[value])) kick_.notify(delay);
      break;
    case mmio::regs::interrupt_ack: acknowledge_interrupt(value); break;
    case mmio::regs::status: write_status(value, delay); break;
    case mmio::regs::queue_desc_low:
      if (stopped_queue) stopped_queue->descriptor_table = with_low_word(stopped_queue->descriptor_table, value);
      break;
    case mmio::regs::queue_desc_high:
      if (stopped_queue) stopped_queue->descriptor_table = with_high_word(stopped_queue->descriptor_table, value);
      break;
    case mmio::regs::queue_driver_low:
      if (stopped_queue) stopped_queue->driver_area = with_low_word(stopped_queue->driver_area, value);
      break;
    case mmio::regs::queue_driver_high:
      if (stopped_queue) stopped_queue->driver_area = with_high_word(stopped_queue->driver_area, value);
      break;
    case mmio::regs::queue_device_low:
      if (stopped_queue) stopped_queue->device_area = with_low_word(stopped_queue->device_area, value);
      break;
    case mmio::regs::queue_device_high:
      if (stopped_queue) stopped_queue->device_area = with_high_word(stopped_queue->device_area, value);
      break;
    default: break;  // unreachable: the map says read-only
  }
}

}  // namespace loom::tlm_devices::virtio
