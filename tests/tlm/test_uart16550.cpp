// ns16550a: the register sequences OpenSBI and Linux's 8250 driver use,
// transmit to the console, receive from it, the FIFO, and interrupts.

#include "testbench.h"
#include "uart16550/uart16550.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace uart16550;

using Uart = TlmTest;

constexpr uint64_t uart_size = 0x100;  // the aperture on virt
constexpr uint8_t lsr_idle = lsr_thr_empty | lsr_transmitter_empty;

// 9600 baud from virt's 3.6864 MHz clock, with 8N1 frames (10 bits): four
// characters last 4 * 10 * 24 * 16 / 3686400 s, rounded up to whole ns.
constexpr uint16_t divisor_9600 = 24;
constexpr uint64_t timeout_9600_8n1_ns = 4'166'667;

uint8_t read_reg(Testbench& tb, uint64_t offset) {
  const MmioResult result = tb.read(offset, 1);
  EXPECT_EQ(result.status, tlm::TLM_OK_RESPONSE) << "read at offset " << offset;
  return static_cast<uint8_t>(result.value);
}

void write_reg(Testbench& tb, uint64_t offset, uint8_t value) {
  EXPECT_EQ(tb.write(offset, 1, value).status, tlm::TLM_OK_RESPONSE) << "write at offset " << offset;
}

std::string read_all(Testbench& tb) {
  std::string bytes;
  while (read_reg(tb, regs::lsr) & lsr_data_ready) bytes += static_cast<char>(read_reg(tb, regs::rbr));
  return bytes;
}

// Linux's set_termios: 8N1 at 9600 baud, FIFOs on with an 8-byte trigger.
void configure_like_linux(Testbench& tb) {
  write_reg(tb, regs::lcr, lcr_dlab | 0x03);
  write_reg(tb, regs::dll, divisor_9600 & 0xff);
  write_reg(tb, regs::dlm, divisor_9600 >> 8);
  write_reg(tb, regs::lcr, 0x03);
  write_reg(tb, regs::fcr, fcr_fifo_enable | (2 << fcr_trigger_shift));
}

TEST_F(Uart, LinuxProbeAndStartupSequence) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  EXPECT_TRUE(tb.device->is_console());
  ASSERT_EQ(tb.device->interrupts().size(), 1u);
  tb.run([&] {
    // Scratch register test.
    write_reg(tb, regs::scr, 0xa5);
    EXPECT_EQ(read_reg(tb, regs::scr), 0xa5);
    write_reg(tb, regs::scr, 0x5a);
    EXPECT_EQ(read_reg(tb, regs::scr), 0x5a);
    // IER existence test: the low nibble reads back, the high one is 0.
    write_reg(tb, regs::ier, 0);
    EXPECT_EQ(read_reg(tb, regs::ier), 0);
    write_reg(tb, regs::ier, 0xff);
    EXPECT_EQ(read_reg(tb, regs::ier), 0x0f);
    write_reg(tb, regs::ier, 0);
    // Loopback test: RTS and OUT2 come back as CTS and DCD.
    write_reg(tb, regs::mcr, mcr_loopback | mcr_out2 | mcr_rts);
    EXPECT_EQ(read_reg(tb, regs::msr) & 0xf0, msr_dcd | msr_cts);
    write_reg(tb, regs::mcr, 0);
    EXPECT_EQ(read_reg(tb, regs::msr) & 0xf0, msr_lines_connected);
    // Divisor latch behind DLAB, apart from THR/IER.
    write_reg(tb, regs::lcr, lcr_dlab | 0x03);
    write_reg(tb, regs::dll, 0x34);
    write_reg(tb, regs::dlm, 0x12);
    EXPECT_EQ(read_reg(tb, regs::dll), 0x34);
    EXPECT_EQ(read_reg(tb, regs::dlm), 0x12);
    write_reg(tb, regs::lcr, 0x03);
    EXPECT_EQ(read_reg(tb, regs::lcr), 0x03);
    EXPECT_EQ(read_reg(tb, regs::ier), 0);
    write_reg(tb, regs::lcr, lcr_dlab);
    EXPECT_EQ(read_reg(tb, regs::dll), 0x34);
    write_reg(tb, regs::lcr, 0x03);
    EXPECT_TRUE(services.console.empty());
    // FIFO enable: IIR bits 7:6 say 16550A; bit 5 is clear (not a 16750).
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
    write_reg(tb, regs::fcr, fcr_fifo_enable);
    EXPECT_EQ(read_reg(tb, regs::iir) >> 6, 3);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt);
    // serial8250_clear_fifos, then the LSR safety check.
    write_reg(tb, regs::fcr, fcr_fifo_enable | fcr_clear_rx | fcr_clear_tx);
    write_reg(tb, regs::fcr, 0);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle);
    EXPECT_EQ(read_reg(tb, regs::rbr), 0);
    // The THRE test: enabling ETBEI raises THRE, reading IIR acknowledges
    // it, and enabling ETBEI again re-raises it.
    write_reg(tb, regs::ier, ier_thr_empty);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_thr_empty);
    write_reg(tb, regs::ier, 0);
    write_reg(tb, regs::ier, ier_thr_empty);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_thr_empty);
    write_reg(tb, regs::ier, 0);
    // OUT2, then the TX-enable test: LSR says TEMT and IIR an interrupt.
    write_reg(tb, regs::mcr, mcr_out2 | mcr_rts | mcr_dtr);
    write_reg(tb, regs::ier, ier_thr_empty);
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle);
    EXPECT_EQ(read_reg(tb, regs::iir) & iir_no_interrupt, 0);
    write_reg(tb, regs::ier, ier_rx_data | ier_line_status);
    configure_like_linux(tb);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt);
    wait(ns(1));
    EXPECT_FALSE(tb.irq(0).read());
  });
}

TEST_F(Uart, OpenSbiInitAndPolledIo) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    // uart8250_init without a current-speed: the divisor is left alone.
    write_reg(tb, regs::ier, 0);
    write_reg(tb, regs::lcr, lcr_dlab);
    write_reg(tb, regs::lcr, 0x03);
    write_reg(tb, regs::fcr, fcr_fifo_enable);
    write_reg(tb, regs::mcr, 0);
    read_reg(tb, regs::lsr);
    read_reg(tb, regs::rbr);
    write_reg(tb, regs::scr, 0);
    for (const char c : std::string("OpenSBI\r\n")) {
      while (!(read_reg(tb, regs::lsr) & lsr_thr_empty)) {
      }
      write_reg(tb, regs::thr, static_cast<uint8_t>(c));
    }
    EXPECT_EQ(services.console, "OpenSBI\r\n");
    ASSERT_FALSE(services.console_devices.empty());
    EXPECT_EQ(services.console_devices.front(), "dut");
    // getc: nothing, then a typed byte.
    EXPECT_EQ(read_reg(tb, regs::lsr) & lsr_data_ready, 0);
    tb.device->console_input("x");
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle | lsr_data_ready);
    EXPECT_EQ(read_reg(tb, regs::rbr), 'x');
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle);
    wait(ns(1));
    EXPECT_TRUE(tb.irq_edges(0).empty());  // IER = 0: never an interrupt
  });
}

TEST_F(Uart, TransmitGoesToTheConsoleAtOnce) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    for (const char c : std::string("hi\n")) {
      write_reg(tb, regs::thr, static_cast<uint8_t>(c));
      EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle);  // THRE and TEMT stay set
    }
    EXPECT_EQ(services.console, "hi\n");
    EXPECT_EQ(services.console_devices, std::vector<std::string>(3, "dut"));
    // With DLAB set, offset 0 is the divisor, not THR.
    write_reg(tb, regs::lcr, lcr_dlab);
    write_reg(tb, regs::dll, '!');
    EXPECT_EQ(services.console, "hi\n");
    // Any byte value goes through.
    write_reg(tb, regs::lcr, 0);
    write_reg(tb, regs::thr, 0x00);
    write_reg(tb, regs::thr, 0xff);
    EXPECT_EQ(services.console, std::string("hi\n\0\xff", 5));
  });
}

TEST_F(Uart, ConsoleInputBetweenSimulationStepsRaisesTheInterrupt) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  // As a device server does it: accesses and console input from outside
  // any process, sc_start in between.
  sc_start(ns(50));
  write_reg(tb, regs::ier, ier_rx_data);  // 16450 mode: FIFOs off
  sc_start(ns(50));
  EXPECT_FALSE(tb.irq(0).read());
  tb.device->console_input("a");
  EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle | lsr_data_ready);
  EXPECT_EQ(read_reg(tb, regs::iir), iir_rx_data);
  EXPECT_EQ(sc_time_to_pending_activity(), SC_ZERO_TIME);  // the output follows
  sc_start(ns(10));
  EXPECT_TRUE(tb.irq(0).read());
  ASSERT_EQ(tb.irq_edges(0).size(), 1u);
  EXPECT_EQ(tb.irq_edges(0)[0].time, ns(100));  // at the input's time
  EXPECT_EQ(read_reg(tb, regs::rbr), 'a');
  EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle);
  EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
  sc_start(ns(10));
  EXPECT_FALSE(tb.irq(0).read());
  EXPECT_EQ(tb.irq_edges(0).size(), 2u);
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(Uart, FifoTriggerLevels) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    write_reg(tb, regs::ier, ier_rx_data);
    for (unsigned select = 0; select < 4; ++select) {
      const unsigned level = rx_trigger_levels[select];
      write_reg(tb, regs::fcr, static_cast<uint8_t>(fcr_fifo_enable | fcr_clear_rx | (select << fcr_trigger_shift)));
      tb.device->console_input(std::string(level - 1, 'a'));
      EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt) << "trigger " << level;
      EXPECT_EQ(read_reg(tb, regs::lsr) & lsr_data_ready, level > 1 ? lsr_data_ready : 0);
      tb.device->console_input("b");
      EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_rx_data) << "trigger " << level;
      wait(ns(1));
      EXPECT_TRUE(tb.irq(0).read()) << "trigger " << level;
      // One byte out and the FIFO is below the trigger again.
      read_reg(tb, regs::rbr);
      EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt) << "trigger " << level;
      wait(ns(1));
      EXPECT_FALSE(tb.irq(0).read()) << "trigger " << level;
    }
    // FCR's RX reset empties the FIFO.
    write_reg(tb, regs::fcr, fcr_fifo_enable | fcr_clear_rx);
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle);
    // Bytes come out in order.
    tb.device->console_input("hello");
    EXPECT_EQ(read_all(tb), "hello");
  });
}

TEST_F(Uart, CharacterTimeoutAfterFourCharacterTimes) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    configure_like_linux(tb);  // trigger 8, 9600 8N1
    write_reg(tb, regs::ier, ier_rx_data);
    wait(ns(1000));
    tb.device->console_input("ab");
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt);
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(1000 + timeout_9600_8n1_ns));
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_rx_timeout);
    // Reading a byte clears the timeout and restarts it for the rest.
    wait(ns(500));
    EXPECT_EQ(read_reg(tb, regs::rbr), 'a');
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt);
    const sc_time read_time = sc_time_stamp();
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), read_time + ns(timeout_9600_8n1_ns));
    EXPECT_EQ(read_reg(tb, regs::rbr), 'b');
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt);
    wait(ns(1));
    EXPECT_FALSE(tb.irq(0).read());
    EXPECT_FALSE(sc_pending_activity());  // an empty FIFO arms nothing
    // A byte arriving restarts a timeout that has not fired.
    tb.device->console_input("c");
    wait(ns(timeout_9600_8n1_ns - 1));
    tb.device->console_input("d");
    wait(ns(timeout_9600_8n1_ns - 1));
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_no_interrupt);
    wait(ns(1));
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_rx_timeout);
    EXPECT_EQ(read_all(tb), "cd");
  });
}

TEST_F(Uart, TimeoutSeenByAnAccessAheadOfTheKernel) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    configure_like_linux(tb);
    write_reg(tb, regs::ier, ier_rx_data);
    tb.device->console_input("a");
    const MmioResult iir = tb.access(tlm::TLM_READ_COMMAND, regs::iir, 1, 0, {}, ns(timeout_9600_8n1_ns));
    EXPECT_EQ(iir.value, iir_fifos_enabled | iir_rx_timeout);
  });
}

TEST_F(Uart, OverrunSetsOeAndLosesTheByte) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    write_reg(tb, regs::fcr, fcr_fifo_enable | (3 << fcr_trigger_shift));
    write_reg(tb, regs::ier, ier_rx_data | ier_line_status);
    tb.device->console_input("0123456789abcdefX");  // 17 bytes into 16
    // Receiver line status outranks data available.
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_line_status);
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle | lsr_data_ready | lsr_overrun);
    // Reading LSR clears OE, and with it the line status interrupt.
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle | lsr_data_ready);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_rx_data);
    EXPECT_EQ(read_all(tb), "0123456789abcdef");

    // 16450 mode: the unread byte is overwritten.
    write_reg(tb, regs::fcr, 0);
    tb.device->console_input("xy");
    EXPECT_EQ(read_reg(tb, regs::iir), iir_line_status);
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle | lsr_data_ready | lsr_overrun);
    EXPECT_EQ(read_all(tb), "y");
  });
}

TEST_F(Uart, ThreInterrupt) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    write_reg(tb, regs::ier, ier_thr_empty);
    wait(ns(10));
    EXPECT_TRUE(tb.irq(0).read());
    // Reading IIR, which reports it, acknowledges it.
    EXPECT_EQ(read_reg(tb, regs::iir), iir_thr_empty);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
    wait(ns(10));
    EXPECT_FALSE(tb.irq(0).read());
    // Writing THR: the byte leaves at once and THR is empty again.
    write_reg(tb, regs::thr, 'z');
    EXPECT_EQ(read_reg(tb, regs::iir), iir_thr_empty);
    wait(ns(10));
    EXPECT_FALSE(tb.irq(0).read());  // that IIR read acknowledged it again
    write_reg(tb, regs::thr, 'z');
    wait(ns(10));
    EXPECT_TRUE(tb.irq(0).read());
    // Rewriting ETBEI as 1 is no rising edge: an acknowledged THRE stays
    // acknowledged.
    EXPECT_EQ(read_reg(tb, regs::iir), iir_thr_empty);
    write_reg(tb, regs::ier, ier_thr_empty);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
    // A higher-priority source hides THRE from IIR, and the IIR read then
    // leaves it pending.
    write_reg(tb, regs::ier, 0);
    write_reg(tb, regs::ier, ier_thr_empty | ier_rx_data);
    tb.device->console_input("r");
    EXPECT_EQ(read_reg(tb, regs::iir), iir_rx_data);
    EXPECT_EQ(read_reg(tb, regs::rbr), 'r');
    EXPECT_EQ(read_reg(tb, regs::iir), iir_thr_empty);
    // Disabling ETBEI drops it.
    write_reg(tb, regs::ier, 0);
    wait(ns(10));
    EXPECT_FALSE(tb.irq(0).read());
    EXPECT_EQ(services.console, "zz");
  });
}

TEST_F(Uart, IerMasksEachSource) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    tb.device->console_input("q");
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);  // data, but ERBFI off
    write_reg(tb, regs::ier, ier_rx_data);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_rx_data);
    wait(ns(10));
    EXPECT_TRUE(tb.irq(0).read());
    write_reg(tb, regs::ier, 0);
    wait(ns(10));
    EXPECT_FALSE(tb.irq(0).read());
    EXPECT_EQ(read_all(tb), "q");

    // Overrun with ELSI off: LSR shows it, no interrupt.
    tb.device->console_input("12");
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
    EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle | lsr_data_ready | lsr_overrun);
    read_all(tb);

    // Modem status: loopback changes the lines and sets delta bits; EDSSI
    // lets them interrupt; reading MSR clears them.
    write_reg(tb, regs::mcr, mcr_loopback | mcr_out1);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
    write_reg(tb, regs::ier, ier_modem_status);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_modem_status);
    wait(ns(10));
    EXPECT_TRUE(tb.irq(0).read());
    EXPECT_EQ(read_reg(tb, regs::msr), msr_ri | msr_delta_cts | msr_delta_dsr | msr_delta_dcd);
    EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);
    write_reg(tb, regs::mcr, mcr_loopback);  // RI falls
    EXPECT_EQ(read_reg(tb, regs::msr), msr_trailing_edge_ri);
    write_reg(tb, regs::mcr, 0);
    EXPECT_EQ(read_reg(tb, regs::msr), msr_lines_connected | msr_delta_cts | msr_delta_dsr | msr_delta_dcd);
    write_reg(tb, regs::ier, 0);
    wait(ns(10));
    EXPECT_FALSE(tb.irq(0).read());
  });
}

TEST_F(Uart, LoopbackReceivesWhatItSends) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    write_reg(tb, regs::fcr, fcr_fifo_enable);
    write_reg(tb, regs::mcr, mcr_loopback);
    write_reg(tb, regs::thr, 'L');
    tb.device->console_input("T");  // the terminal is disconnected
    EXPECT_EQ(read_all(tb), "L");
    EXPECT_TRUE(services.console.empty());
    write_reg(tb, regs::mcr, 0);
    write_reg(tb, regs::thr, 'M');
    EXPECT_EQ(services.console, "M");
    EXPECT_EQ(read_all(tb), "");
  });
}

TEST_F(Uart, BadAccessesAreRefused) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.run([&] {
    EXPECT_EQ(tb.read(regs::rbr, 2).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::rbr, 4).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::thr, 4, 'x').status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::lsr, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(register_bytes, 1).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(uart_size - 1, 1, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(uart_size, 1).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::thr, 1, 'x', {0x00}).status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_TRUE(services.console.empty());  // failed writes change nothing
    const MmioResult ok = tb.read(regs::lsr, 1, {0xff});
    EXPECT_EQ(ok.status, tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(ok.dmi_allowed);
    EXPECT_EQ(ok.delay, SC_ZERO_TIME);
    EXPECT_EQ(tb.access(tlm::TLM_IGNORE_COMMAND, regs::thr, 1, 'x').status, tlm::TLM_OK_RESPONSE);
    EXPECT_TRUE(services.console.empty());
  });
}

TEST_F(Uart, IdleUartHasNoPendingActivity) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  tb.start([&] {
    configure_like_linux(tb);
    write_reg(tb, regs::ier, ier_rx_data | ier_line_status);
    write_reg(tb, regs::thr, 'x');
  });
  sc_start(ns(10));
  EXPECT_FALSE(sc_pending_activity());
  tb.device->console_input("k");  // below the trigger: the timeout is armed
  sc_start(ns(10));
  EXPECT_EQ(sc_time_to_pending_activity(), ns(timeout_9600_8n1_ns - 10));
  EXPECT_EQ(read_reg(tb, regs::rbr), 'k');
  sc_start(ns(1));  // the interrupt update
  EXPECT_FALSE(sc_pending_activity());
}

// Model::reset between simulation steps, as the device server does it when
// the platform reboots: every register back to its reset value, the FIFO
// and the character timeout gone, the output low a delta cycle later.
TEST_F(Uart, ResetReturnsToThePowerOnState) {
  FakeHostServices services;
  Testbench tb(type_name, uart_size, services);
  sc_start(ns(100));
  configure_like_linux(tb);
  write_reg(tb, regs::ier, ier_rx_data | ier_thr_empty | ier_line_status | ier_modem_status);
  write_reg(tb, regs::mcr, mcr_out2 | mcr_rts | mcr_dtr);
  write_reg(tb, regs::scr, 0x5a);
  tb.device->console_input("0123456789abcdefXYZ");  // 16 kept, then overrun; the timeout armed
  sc_start(ns(10));
  ASSERT_TRUE(tb.irq(0).read());
  EXPECT_EQ(sc_time_to_pending_activity(), ns(timeout_9600_8n1_ns - 10));
  const size_t edges = tb.irq_edges(0).size();

  tb.device->reset();
  EXPECT_EQ(sc_time_to_pending_activity(), SC_ZERO_TIME);  // the output follows
  EXPECT_EQ(read_reg(tb, regs::ier), 0);
  EXPECT_EQ(read_reg(tb, regs::iir), iir_no_interrupt);  // FIFOs off: bits 7:6 clear
  EXPECT_EQ(read_reg(tb, regs::lcr), 0);
  EXPECT_EQ(read_reg(tb, regs::mcr), 0);
  EXPECT_EQ(read_reg(tb, regs::lsr), lsr_idle);  // no data, no overrun
  EXPECT_EQ(read_reg(tb, regs::msr), msr_lines_connected);  // no deltas
  EXPECT_EQ(read_reg(tb, regs::scr), 0);
  EXPECT_EQ(read_reg(tb, regs::rbr), 0);
  EXPECT_EQ(tb.device->console_input_room(), 1u);  // 16450 mode
  write_reg(tb, regs::lcr, lcr_dlab);
  EXPECT_EQ(read_reg(tb, regs::dll), 0);
  EXPECT_EQ(read_reg(tb, regs::dlm), 0);
  write_reg(tb, regs::lcr, 0);
  sc_start(ns(10));
  EXPECT_FALSE(tb.irq(0).read());
  ASSERT_EQ(tb.irq_edges(0).size(), edges + 1);
  EXPECT_EQ(tb.irq_edges(0).back().time, ns(110));  // at the reset's time
  EXPECT_FALSE(sc_pending_activity());  // the character timeout is gone
  sc_start(ns(2 * timeout_9600_8n1_ns));
  EXPECT_EQ(tb.irq_edges(0).size(), edges + 1);

  // And it works as after power-on.
  services.console.clear();
  write_reg(tb, regs::thr, 'o');
  write_reg(tb, regs::thr, 'k');
  EXPECT_EQ(services.console, "ok");
  configure_like_linux(tb);
  write_reg(tb, regs::ier, ier_rx_data);
  tb.device->console_input("z");  // below the trigger: the timeout reports it
  sc_start(ns(timeout_9600_8n1_ns + 10));
  EXPECT_TRUE(tb.irq(0).read());
  EXPECT_EQ(read_reg(tb, regs::iir), iir_fifos_enabled | iir_rx_timeout);
  EXPECT_EQ(read_all(tb), "z");
  sc_start(ns(10));
  EXPECT_FALSE(tb.irq(0).read());
  EXPECT_FALSE(sc_pending_activity());
}

TEST(UartConfig, ErrorsNameTheDevice) {
  FakeHostServices services;
  auto error_of = [&](const ModelParams& params, uint64_t size, HostServices* host) -> std::string {
    try {
      create_model(type_name, "uart0", size, params, host);
    } catch (const ModelError& error) {
      return error.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of({}, 0x100, nullptr), "ns16550a 'uart0': needs host services (console output)");
  EXPECT_EQ(error_of({{"baud", "9600"}}, 0x100, &services),
            "ns16550a 'uart0': unknown parameter 'baud' (known: clock_hz)");
  EXPECT_EQ(error_of({{"clock_hz", "0"}}, 0x100, &services), "ns16550a 'uart0': parameter 'clock_hz' must not be 0");
  EXPECT_EQ(error_of({}, 4, &services), "ns16550a 'uart0': size 0x4 is smaller than the register map (0x8)");
  EXPECT_EQ(parse_config("uart0", 0x100, {{"clock_hz", "0x1c2000"}}).clock_hz, 1'843'200u);
  EXPECT_EQ(parse_config("uart0", 0x100, {}).clock_hz, param::default_clock_hz);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
