// The receiver: the RX FIFO (or, with FIFOs disabled, the single receive
// buffer of 16450 mode), overrun, the trigger level and the character
// timeout.

#include "common/sc_time_util.h"
#include "uart16550/uart16550.h"

namespace loom::tlm_devices::uart16550 {

using sc_core::sc_time;

void Uart16550::receive(uint8_t byte, const sc_time& when) {
  if (!fifo_enabled()) {
    // 16450 mode: a byte arriving before software read the last one
    // replaces it.
    if (rx_count_ > 0) overrun_ = lsr_overrun;
    rx_fifo_[rx_head_] = byte;
    rx_count_ = 1;
  } else if (rx_count_ == fifo_depth) {
    // The FIFO keeps what it holds; the new byte is lost.
    overrun_ = lsr_overrun;
  } else {
    rx_fifo_[(rx_head_ + rx_count_) % fifo_depth] = byte;
    ++rx_count_;
    // A byte entering the FIFO restarts the timeout unless it has already
    // fired (then only reading RBR clears it).
    if (!timeout_pending_) arm_timeout(when);
  }
  update_interrupt();
}

uint8_t Uart16550::read_rbr(const sc_time& when) {
  if (rx_count_ == 0) return 0;
  const uint8_t byte = rx_fifo_[rx_head_];
  rx_head_ = (rx_head_ + 1) % fifo_depth;
  --rx_count_;
  timeout_pending_ = false;
  if (fifo_enabled() && rx_count_ > 0) {
    arm_timeout(when);
  } else {
    timeout_armed_ = false;
    timeout_event_.cancel();
  }
  update_interrupt();
  return byte;
}

void Uart16550::write_fcr(uint8_t value) {
  const bool enable = (value & fcr_fifo_enable) != 0;
  // Switching between 16450 and FIFO mode empties the FIFOs.
  if (enable != fifo_enabled()) clear_rx_fifo();
  if (!enable) {
    fcr_ = 0;
  } else {
    if (value & fcr_clear_rx) clear_rx_fifo();
    fcr_ = static_cast<uint8_t>(value & (fcr_fifo_enable | (0x3 << fcr_trigger_shift)));
  }
  update_interrupt();
}

void Uart16550::clear_rx_fifo() {
  rx_head_ = 0;
  rx_count_ = 0;
  timeout_pending_ = false;
  timeout_armed_ = false;
  timeout_event_.cancel();
}

unsigned Uart16550::rx_trigger_level() const { return rx_trigger_levels[fcr_ >> fcr_trigger_shift]; }

sc_time Uart16550::timeout_length() const {
  // One frame: start bit, data bits, parity, stop bits, counted in half
  // bits because 5-bit frames with "two" stop bits have 1.5.
  const uint64_t data_bits = 5 + (lcr_ & lcr_word_length_mask);
  const uint64_t parity_bits = (lcr_ & lcr_parity_enable) ? 1 : 0;
  uint64_t stop_half_bits = 2;
  if (lcr_ & lcr_two_stop_bits) stop_half_bits = data_bits == 5 ? 3 : 4;
  const uint64_t frame_half_bits = 2 * (1 + data_bits + parity_bits) + stop_half_bits;
  // A divisor of 0 (the reset value, before software sets a rate) counts
  // as 1: the fastest rate the clock allows.
  const uint64_t divisor = divisor_ == 0 ? 1 : divisor_;
  // At most 4 * 24 * 65535 * 16 * 1e9, well inside 64 bits. Rounded up so
  // that the timeout is never zero.
  const uint64_t numerator = timeout_characters * frame_half_bits * divisor * clocks_per_bit * 1'000'000'000ull;
  const uint64_t denominator = 2 * config_.clock_hz;
  return time_from_ns((numerator + denominator - 1) / denominator);
}

void Uart16550::arm_timeout(const sc_time& when) {
  timeout_event_.cancel();
  timeout_armed_ = false;
  const sc_time length = timeout_length();
  // A deadline beyond SystemC's time range never comes.
  if (length > sc_core::sc_max_time() - when) return;
  timeout_deadline_ = when + length;
  timeout_armed_ = true;
  timeout_event_.notify(timeout_deadline_ - sc_core::sc_time_stamp());
}

void Uart16550::catch_up_timeout(const sc_time& when) {
  if (!timeout_armed_ || when < timeout_deadline_) return;
  timeout_armed_ = false;
  timeout_event_.cancel();
  if (fifo_enabled() && rx_count_ > 0) timeout_pending_ = true;
  update_interrupt();
}

void Uart16550::on_timeout() { catch_up_timeout(sc_core::sc_time_stamp()); }

}  // namespace loom::tlm_devices::uart16550
