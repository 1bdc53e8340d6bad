#pragma once
// Register map of the ns16550a UART: eight 1-byte registers (reg-shift 0),
// offsets from the device's base, and their fields. Behaviour lives in
// uart16550*.cpp; ../README.md documents the same map for software.
//
// Offsets 0 and 1 have two meanings each, chosen by LCR.DLAB; offset 2 is
// IIR when read and FCR when written.

#include <cstdint>

namespace loom::tlm_devices::uart16550 {

namespace regs {
constexpr uint64_t rbr = 0;  // R, DLAB=0: receive buffer (head of the RX FIFO)
constexpr uint64_t thr = 0;  // W, DLAB=0: transmit holding register
constexpr uint64_t dll = 0;  // RW, DLAB=1: divisor latch, low byte
constexpr uint64_t ier = 1;  // RW, DLAB=0: interrupt enable
constexpr uint64_t dlm = 1;  // RW, DLAB=1: divisor latch, high byte
constexpr uint64_t iir = 2;  // R: interrupt identification
constexpr uint64_t fcr = 2;  // W: FIFO control
constexpr uint64_t lcr = 3;  // RW: line control
constexpr uint64_t mcr = 4;  // RW: modem control
constexpr uint64_t lsr = 5;  // R: line status (writes ignored)
constexpr uint64_t msr = 6;  // R: modem status (writes ignored)
constexpr uint64_t scr = 7;  // RW: scratch, plain storage
}  // namespace regs

// The register block; the rest of the platform's aperture is unmapped.
constexpr uint64_t register_bytes = 8;

// IER: which conditions may interrupt. Bits 7:4 read as 0.
constexpr uint8_t ier_rx_data = 1u << 0;      // ERBFI: RX data available and character timeout
constexpr uint8_t ier_thr_empty = 1u << 1;    // ETBEI: transmit holding register empty
constexpr uint8_t ier_line_status = 1u << 2;  // ELSI: receiver line status (overrun)
constexpr uint8_t ier_modem_status = 1u << 3; // EDSSI: modem status deltas
constexpr uint8_t ier_mask = 0x0f;

// IIR: bit 0 set means nothing pending; bits 3:1 name the highest-priority
// source; bits 7:6 are both set while the FIFOs are enabled.
constexpr uint8_t iir_no_interrupt = 0x01;
constexpr uint8_t iir_line_status = 0x06;    // priority 1: cleared by reading LSR
constexpr uint8_t iir_rx_data = 0x04;        // priority 2: cleared when the FIFO drops below the trigger
constexpr uint8_t iir_rx_timeout = 0x0c;     // priority 2: cleared by reading RBR
constexpr uint8_t iir_thr_empty = 0x02;      // priority 3: cleared by reading IIR, or writing THR
constexpr uint8_t iir_modem_status = 0x00;   // priority 4: cleared by reading MSR
constexpr uint8_t iir_fifos_enabled = 0xc0;

// FCR: write-only. Bits other than FIFO_ENABLE take effect only when
// written together with FIFO_ENABLE set, as on the 16550A.
constexpr uint8_t fcr_fifo_enable = 1u << 0;
constexpr uint8_t fcr_clear_rx = 1u << 1;      // self-clearing
constexpr uint8_t fcr_clear_tx = 1u << 2;      // self-clearing (the TX side holds nothing)
constexpr uint8_t fcr_trigger_shift = 6;       // bits 7:6 select rx_trigger_levels
constexpr unsigned rx_trigger_levels[4] = {1, 4, 8, 14};

// LCR: the frame format, used to time the character timeout.
constexpr uint8_t lcr_word_length_mask = 0x03;  // 5 + value data bits
constexpr uint8_t lcr_two_stop_bits = 1u << 2;  // 1.5 stop bits with 5 data bits
constexpr uint8_t lcr_parity_enable = 1u << 3;
constexpr uint8_t lcr_break = 1u << 6;          // stored; no break is sent
constexpr uint8_t lcr_dlab = 1u << 7;           // offsets 0 and 1 reach the divisor latch

// MCR: bits 7:5 read as 0.
constexpr uint8_t mcr_dtr = 1u << 0;
constexpr uint8_t mcr_rts = 1u << 1;
constexpr uint8_t mcr_out1 = 1u << 2;
constexpr uint8_t mcr_out2 = 1u << 3;
constexpr uint8_t mcr_loopback = 1u << 4;
constexpr uint8_t mcr_mask = 0x1f;

// LSR. PE, FE, BI and the FIFO error bit are never set: the host link has
// no framing to get wrong.
constexpr uint8_t lsr_data_ready = 1u << 0;
constexpr uint8_t lsr_overrun = 1u << 1;         // cleared by reading LSR
constexpr uint8_t lsr_thr_empty = 1u << 5;       // always set: transmission is instantaneous
constexpr uint8_t lsr_transmitter_empty = 1u << 6;  // always set, likewise

// MSR: the four input lines in bits 7:4 and their change flags in 3:0
// (cleared by reading MSR).
constexpr uint8_t msr_delta_cts = 1u << 0;
constexpr uint8_t msr_delta_dsr = 1u << 1;
constexpr uint8_t msr_trailing_edge_ri = 1u << 2;
constexpr uint8_t msr_delta_dcd = 1u << 3;
constexpr uint8_t msr_cts = 1u << 4;
constexpr uint8_t msr_dsr = 1u << 5;
constexpr uint8_t msr_ri = 1u << 6;
constexpr uint8_t msr_dcd = 1u << 7;
constexpr uint8_t msr_deltas = 0x0f;
// Outside loopback the lines read as a connected, ready terminal.
constexpr uint8_t msr_lines_connected = msr_cts | msr_dsr | msr_dcd;

constexpr unsigned fifo_depth = 16;

// The character timeout fires after this many character times without the
// FIFO being read or written.
constexpr unsigned timeout_characters = 4;

// The divisor counts cycles of 16 x the baud rate.
constexpr unsigned clocks_per_bit = 16;

}  // namespace loom::tlm_devices::uart16550
