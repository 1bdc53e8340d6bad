// Register access rules of loom,test-device: values, widths, and every
// error response.

#include "test-device/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace test_device;
using tlm::TLM_READ_COMMAND;
using tlm::TLM_WRITE_COMMAND;

using Registers = TlmTest;

TEST_F(Registers, IdReadsTheMagicAs4Or8Bytes) {
  Testbench tb;
  tb.run([&] {
    EXPECT_EQ(tb.read(regs::id, 4).value, 0x4c4f4f4du);
    EXPECT_EQ(tb.read(regs::id, 8).value, 0x4c4f4f4du);  // high half of a 32-bit register reads 0
    const MmioResult result = tb.read(regs::id, 4);
    EXPECT_EQ(result.data, (std::vector<uint8_t>{'M', 'O', 'O', 'L'}));  // little-endian
  });
}

TEST_F(Registers, ScratchHolds64BitsAndLow4ByteAccessesKeepTheHighHalf) {
  Testbench tb;
  tb.run([&] {
    EXPECT_EQ(tb.read64(regs::scratch), 0u);
    tb.write64(regs::scratch, 0x0123'4567'89ab'cdef);
    EXPECT_EQ(tb.read64(regs::scratch), 0x0123'4567'89ab'cdefu);
    EXPECT_EQ(tb.read(regs::scratch, 4).value, 0x89ab'cdefu);
    EXPECT_EQ(tb.write(regs::scratch, 4, 0xdead'beef).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read64(regs::scratch), 0x0123'4567'dead'beefu);
  });
}

TEST_F(Registers, EveryAccessAnnotatesTheAccessDelayAndForbidsDmi) {
  Testbench tb;
  tb.run([&] {
    for (const MmioResult& result : {tb.read(regs::id, 4), tb.write(regs::scratch, 8, 1), tb.read(regs::buffer, 1),
                                     tb.read(0x004, 4), tb.read(regs::error, 8), tb.write(regs::id, 4, 0)}) {
      EXPECT_EQ(result.delay, ns(10));
      EXPECT_FALSE(result.dmi_allowed);
    }
    // The annotation adds to the initiator's own.
    EXPECT_EQ(tb.access(TLM_READ_COMMAND, regs::id, 4, 0, {}, ns(3)).delay, ns(13));
    EXPECT_EQ(sc_time_stamp(), SC_ZERO_TIME);  // annotated, never waited
  });
}

TEST_F(Registers, AccessDelayIsAParameter) {
  Testbench tb(ModelParams{{"access_delay_ns", "25"}});
  tb.run([&] { EXPECT_EQ(tb.read(regs::id, 4).delay, ns(25)); });
}

TEST_F(Registers, BadLengthIsABurstError) {
  Testbench tb;
  tb.run([&] {
    for (uint64_t offset : {regs::id, regs::scratch, regs::irq_status, regs::dma_src}) {
      for (unsigned length : {1u, 2u, 3u, 5u, 6u, 7u}) {
        EXPECT_EQ(tb.read(offset, length).status, tlm::TLM_BURST_ERROR_RESPONSE) << offset << " " << length;
        EXPECT_EQ(tb.write(offset, length, 0).status, tlm::TLM_BURST_ERROR_RESPONSE) << offset << " " << length;
      }
    }
    EXPECT_EQ(tb.read(regs::scratch, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::scratch, 16).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read64(regs::scratch), 0u);  // the failed writes changed nothing
  });
}

TEST_F(Registers, StreamingBurstIsABurstError) {
  Testbench tb;
  tb.run([&] {
    uint8_t data[8] = {};
    tlm::tlm_generic_payload trans;
    trans.set_command(TLM_READ_COMMAND);
    trans.set_address(regs::buffer);
    trans.set_data_ptr(data);
    trans.set_data_length(8);
    trans.set_streaming_width(4);
    sc_time delay;
    tb.mmio->b_transport(trans, delay);
    EXPECT_EQ(trans.get_response_status(), tlm::TLM_BURST_ERROR_RESPONSE);
  });
}

TEST_F(Registers, PartialByteEnablesAreAByteEnableError) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::scratch, 0x1111'2222'3333'4444);
    const std::vector<uint8_t> partial8 = {0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0xff};
    EXPECT_EQ(tb.write(regs::scratch, 8, 0, partial8).status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::scratch, 8, partial8).status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::id, 4, {0, 0, 0, 0}).status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::irq_raise, 4, 1, {0xff, 0}).status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(tb.read64(regs::scratch), 0x1111'2222'3333'4444u);
    EXPECT_EQ(tb.read64(regs::irq_status), 0u);
    // All bytes enabled, however the pattern is written, is fine.
    EXPECT_EQ(tb.write(regs::scratch, 8, 7, {0xff}).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read(regs::scratch, 8, std::vector<uint8_t>(8, 0xff)).value, 7u);
  });
}

TEST_F(Registers, OffsetsThatAreNotRegistersAreAddressErrors) {
  Testbench tb;
  tb.run([&] {
    // The high half of a 64-bit register, gaps, misaligned, the hole after
    // ERROR, an access straddling into BUFFER or out of it.
    for (uint64_t offset : {0x004ull, 0x00cull, 0x038ull, 0x06cull, 0x078ull, 0x080ull, 0x0f8ull, 0x009ull,
                            0x200ull, 0xff8ull}) {
      EXPECT_EQ(tb.read(offset, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << std::hex << offset;
      EXPECT_EQ(tb.write(offset, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE) << std::hex << offset;
    }
    EXPECT_EQ(tb.read(0x0fc, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0x1fc, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    // Beyond the aperture.
    EXPECT_EQ(tb.read(0x1000, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0xffc, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(~0ull - 3, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  });
}

TEST_F(Registers, ApertureSizeBoundsAddresses) {
  Testbench tb(ModelParams{}, 0x200);
  tb.run([&] {
    EXPECT_EQ(tb.read(0x1f8, 8).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read(0x200, 1).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(0x1fc, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
  });
}

TEST_F(Registers, WritesToReadOnlyAndReadsOfWriteOnlyAreCommandErrors) {
  Testbench tb;
  tb.run([&] {
    for (uint64_t offset : {regs::id, regs::irq_status, regs::timer_count, regs::dma_status, regs::dma_peek}) {
      EXPECT_EQ(tb.write(offset, 8, 0).status, tlm::TLM_COMMAND_ERROR_RESPONSE) << std::hex << offset;
      EXPECT_EQ(tb.write(offset, 4, 0).status, tlm::TLM_COMMAND_ERROR_RESPONSE) << std::hex << offset;
    }
    for (uint64_t offset : {regs::irq_raise, regs::irq_clear, regs::dma_ctrl}) {
      EXPECT_EQ(tb.read(offset, 8).status, tlm::TLM_COMMAND_ERROR_RESPONSE) << std::hex << offset;
      EXPECT_EQ(tb.read(offset, 4).status, tlm::TLM_COMMAND_ERROR_RESPONSE) << std::hex << offset;
    }
    EXPECT_EQ(tb.read(regs::id, 4).value, id_value);
  });
}

TEST_F(Registers, ErrorRegisterFailsEveryAccess) {
  Testbench tb;
  tb.run([&] {
    for (unsigned length = 1; length <= 8; ++length) {
      EXPECT_EQ(tb.read(regs::error, length).status, tlm::TLM_GENERIC_ERROR_RESPONSE) << length;
      EXPECT_EQ(tb.write(regs::error, length, 0).status, tlm::TLM_GENERIC_ERROR_RESPONSE) << length;
    }
    EXPECT_EQ(tb.read(regs::error + 4, 4).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::error + 3, 1).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::error, 8, {0xff, 0}).status, tlm::TLM_GENERIC_ERROR_RESPONSE);
  });
}

TEST_F(Registers, ReadWriteRegistersReadBackWhatWasWritten) {
  Testbench tb;
  tb.run([&] {
    for (uint64_t offset : {regs::scratch, regs::dma_src, regs::dma_dst, regs::dma_len}) {
      tb.write64(offset, 0xfedc'ba98'7654'3210 ^ offset);
      EXPECT_EQ(tb.read64(offset), 0xfedc'ba98'7654'3210 ^ offset) << std::hex << offset;
    }
  });
}

TEST_F(Registers, IgnoreCommandDoesNothing) {
  Testbench tb;
  tb.run([&] {
    EXPECT_EQ(tb.access(tlm::TLM_IGNORE_COMMAND, regs::irq_raise, 4, 3).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read64(regs::irq_status), 0u);
  });
}

TEST_F(Registers, MmioNeverWaitsEvenFromAMethod) {
  // wait() inside an SC_METHOD is a SystemC error, so this fails if any
  // register access (PEEK's bus access and a DMA start included) blocks.
  Testbench tb;
  tb.memory.access_delay = ns(7);
  bool ran = false;
  tb.run_in_method([&] {
    for (const Register& reg : register_map) {
      if (reg.access != Access::write_only) tb.access(TLM_READ_COMMAND, reg.offset, 8);
    }
    tb.write64(regs::dma_src, Testbench::ram_base);
    tb.write64(regs::dma_dst, Testbench::ram_base + 0x100);
    tb.write64(regs::dma_len, 64);
    tb.write64(regs::timer_period_ns, 100);
    tb.write64(regs::irq_raise, 3);
    tb.write64(regs::dma_ctrl, dma_ctrl_start);
    tb.write(regs::buffer + 3, 5, 0x1234567890);
    const MmioResult peek = tb.read(regs::dma_peek, 8);
    EXPECT_EQ(peek.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(peek.delay, ns(10 + 7));
    ran = true;
  });
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace loom::tlm_devices::testing
