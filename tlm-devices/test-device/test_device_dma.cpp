// The DMA engine, and DMA_PEEK, the one MMIO access that masters the bus
// from inside its own b_transport.

#include "test-device/test_device.h"

#include <algorithm>

#include "common/payload.h"

namespace loom::tlm_devices::test_device {

using sc_core::sc_time;

void TestDevice::start_dma(const sc_time& when) {
  if (dma_status_ & dma_status_busy) return;  // ignored while a transfer runs
  if (dma_len_ > dma_max_length) {
    // Refused at once: nothing is transferred, but the transfer "ends" so
    // software waiting on DONE or the interrupt does not hang.
    dma_status_ = dma_status_done | dma_status_error;
    raise_interrupts(1u << irq_dma);
    return;
  }
  dma_job_ = {dma_src_, dma_dst_, dma_len_, when + config_.dma_delay};
  dma_status_ = dma_status_busy;
  dma_start_.notify(dma_job_.start - sc_core::sc_time_stamp());
}

void TestDevice::dma_thread() {
  for (;;) {
    // BUSY and the start time, not the event alone, say whether a job is
    // due: after a reset the thread may still be leaving an abandoned
    // transfer when a new start's event fires.
    while (!(dma_status_ & dma_status_busy) || sc_core::sc_time_stamp() < dma_job_.start) wait(dma_start_);
    const DmaJob job = dma_job_;
    const uint64_t generation = dma_generation_;
    // Everything is read before anything is written, so a failed read
    // leaves the destination untouched.
    dma_transferring_ = true;
    const bool ok = dma_transfer(tlm::TLM_READ_COMMAND, job.src, dma_data_.data(), job.length, generation) &&
                    dma_transfer(tlm::TLM_WRITE_COMMAND, job.dst, dma_data_.data(), job.length, generation);
    dma_transferring_ = false;
    if (generation != dma_generation_) continue;  // abandoned by a reset: nothing to report
    dma_status_ = dma_status_done | (ok ? 0 : dma_status_error);
    raise_interrupts(1u << irq_dma);
  }
}

// Moves `length` bytes in transactions of at most dma_chunk_bytes, waiting
// out each delay the target annotates; stops at the first error response,
// or when a reset abandons the transfer (the wait then ends at once).
bool TestDevice::dma_transfer(tlm::tlm_command command, uint64_t address, uint8_t* data, uint64_t length,
                              uint64_t generation) {
  for (uint64_t done = 0; done < length;) {
    const unsigned chunk = static_cast<unsigned>(std::min(dma_chunk_bytes, length - done));
    tlm::tlm_generic_payload trans;
    make_plain_payload(trans, command, address + done, data + done, chunk);
    sc_time delay = sc_core::SC_ZERO_TIME;
    dma_socket_->b_transport(trans, delay);
    if (delay != sc_core::SC_ZERO_TIME) wait(delay, dma_abort_);
    if (generation != dma_generation_ || trans.is_response_error()) return false;
    done += chunk;
  }
  return true;
}

// Reads 8 bytes at DMA_SRC for a read of DMA_PEEK. Runs in the caller's
// process, so it must not wait: the target's annotated delay is added to the
// MMIO access's. A failed DMA read fails the MMIO read (GENERIC_ERROR) and
// leaves DMA_STATUS alone, which belongs to the engine.
tlm::tlm_response_status TestDevice::dma_peek(uint64_t& value, sc_time& delay) {
  unsigned char bytes[dma_peek_bytes] = {};
  tlm::tlm_generic_payload trans;
  trans.set_command(tlm::TLM_READ_COMMAND);
  trans.set_address(dma_src_);
  trans.set_data_ptr(bytes);
  trans.set_data_length(dma_peek_bytes);
  trans.set_streaming_width(dma_peek_bytes);
  trans.set_byte_enable_ptr(nullptr);
  trans.set_dmi_allowed(false);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  dma_socket_->b_transport(trans, delay);
  if (trans.is_response_error()) return tlm::TLM_GENERIC_ERROR_RESPONSE;
  value = 0;
  for (unsigned i = 0; i < dma_peek_bytes; ++i) value |= uint64_t{bytes[i]} << (8 * i);
  return tlm::TLM_OK_RESPONSE;
}

}  // namespace loom::tlm_devices::test_device
