// loom,virtio-blk requests: read, write, flush, get-id, unsupported and
// out-of-range requests, chain layouts (direct, split, indirect), several
// requests in flight, timing and the interrupt.

#include <algorithm>

#include "test_virtio_blk_driver.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace virtio;
namespace blk = virtio_blk;

using VirtioBlkIo = TlmTest;

constexpr uint64_t image_sectors = 64;
constexpr uint64_t data = VirtioBlkDriver::data_area;

TEST_F(VirtioBlkIo, ReadTakesTheLatencyThenInterrupts) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    wait(ns(100));
    const auto request = driver.submit(blk::request::in, 3, data, 1024);
    driver.kick();
    wait(ns(9999));
    // Nothing visible before the request's latency has passed.
    EXPECT_EQ(driver.used_idx(), 0u);
    EXPECT_EQ(driver.status(request), 0xee);
    EXPECT_EQ(*tb.memory.at(data), 0);
    EXPECT_FALSE(tb.irq(0).read());

    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(100 + 10000));
    EXPECT_EQ(driver.reg(mmio::regs::interrupt_status), mmio::interrupt_used_buffer);
    EXPECT_EQ(driver.status(request), blk::status::ok);
    EXPECT_EQ(guest_bytes(tb, data, 1024), sector_pattern(3, 2));
    EXPECT_EQ(*tb.memory.at(data + 1024), 0);
    const auto used = driver.take_used();
    ASSERT_EQ(used.size(), 1u);
    EXPECT_EQ(used[0].id, request.head);
    EXPECT_EQ(used[0].len, 1025u);  // the whole writable part: data and status

    driver.set_reg(mmio::regs::interrupt_ack, mmio::interrupt_used_buffer);
    EXPECT_EQ(driver.reg(mmio::regs::interrupt_status), 0u);
    wait(tb.irq(0).negedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(100 + 10000));

    // Every guest-memory write of the request happens at its end.
    for (const auto& access : tb.memory.log) {
      if (access.command == tlm::TLM_WRITE_COMMAND) {
        EXPECT_EQ(access.time, ns(100 + 10000));
      }
    }
  });
}

TEST_F(VirtioBlkIo, WriteReachesTheFile) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    tb.memory.fill_pattern(data, 1024, 0x40);
    const auto written = guest_bytes(tb, data, 1024);
    EXPECT_EQ(driver.run(blk::request::out, 5, data, 1024), blk::status::ok);
    EXPECT_EQ(image.read(5 * 512, 1024), written);
    EXPECT_EQ(image.read(4 * 512, 512), sector_pattern(4, 1));
    EXPECT_EQ(image.read(7 * 512, 512), sector_pattern(7, 1));
    // And reads back.
    EXPECT_EQ(driver.run(blk::request::in, 5, data + 0x2000, 1024), blk::status::ok);
    EXPECT_EQ(guest_bytes(tb, data + 0x2000, 1024), written);
    // The last sector is in range.
    EXPECT_EQ(driver.run(blk::request::out, image_sectors - 1, data, 512), blk::status::ok);
    EXPECT_EQ(image.read((image_sectors - 1) * 512, 512), std::vector<uint8_t>(written.begin(), written.begin() + 512));
  });
}

TEST_F(VirtioBlkIo, FlushGetIdAndUnsupported) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image, {{"serial", "LOOM-DISK-0001"}}), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    EXPECT_EQ(driver.run(blk::request::flush, 0, 0, 0), blk::status::ok);

    std::fill(tb.memory.at(data), tb.memory.at(data + 20), 0xff);
    EXPECT_EQ(driver.run(blk::request::get_id, 0, data, 20), blk::status::ok);
    const std::string expected = "LOOM-DISK-0001";
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(tb.memory.at(data)), expected.size()), expected);
    for (uint64_t i = expected.size(); i < 20; ++i) EXPECT_EQ(*tb.memory.at(data + i), 0) << i;

    // Discard, write-zeroes (not offered) and nonsense types.
    for (uint32_t type : {2u, 11u, 13u, 0xffffffffu}) {
      EXPECT_EQ(driver.run(type, 0, data, 512), blk::status::unsupp) << type;
    }
  });
}

TEST_F(VirtioBlkIo, DefaultSerialIsTheInstanceName) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    std::fill(tb.memory.at(data), tb.memory.at(data + 20), 0xff);
    EXPECT_EQ(driver.run(blk::request::get_id, 0, data, 20), blk::status::ok);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(tb.memory.at(data))), "dut");
  });
}

TEST_F(VirtioBlkIo, OutOfRangeAndMisSizedRequestsFail) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    tb.memory.fill_pattern(data, 1024, 9);
    EXPECT_EQ(driver.run(blk::request::in, image_sectors, data, 512), blk::status::ioerr);
    EXPECT_EQ(driver.run(blk::request::in, image_sectors - 1, data, 1024), blk::status::ioerr);
    EXPECT_EQ(driver.run(blk::request::out, image_sectors - 1, data, 1024), blk::status::ioerr);
    EXPECT_EQ(driver.run(blk::request::out, ~0ull, data, 512), blk::status::ioerr);
    EXPECT_EQ(driver.run(blk::request::in, (~0ull / 512) + 1, data, 512), blk::status::ioerr);
    EXPECT_EQ(driver.run(blk::request::out, 0, data, 100), blk::status::ioerr);  // not whole sectors
    EXPECT_EQ(image.read(0, image_sectors * 512), sector_pattern(0, image_sectors));
  });
}

TEST_F(VirtioBlkIo, ChainsSplitAnyWay) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb, 32);
  tb.run([&] {
    driver.init();
    // Data in 5 uneven direct segments, then in an indirect table.
    EXPECT_EQ(driver.run(blk::request::in, 10, data, 2048, false, 5), blk::status::ok);
    EXPECT_EQ(guest_bytes(tb, data, 2048), sector_pattern(10, 4));
    EXPECT_EQ(driver.run(blk::request::in, 20, data + 0x1000, 1536, true, 3), blk::status::ok);
    EXPECT_EQ(guest_bytes(tb, data + 0x1000, 1536), sector_pattern(20, 3));
    tb.memory.fill_pattern(data + 0x3000, 1024, 77);
    EXPECT_EQ(driver.run(blk::request::out, 30, data + 0x3000, 1024, true, 4), blk::status::ok);
    EXPECT_EQ(image.read(30 * 512, 1024), guest_bytes(tb, data + 0x3000, 1024));

    // No framing assumed: the header in two descriptors, the status byte
    // sharing a buffer with the data, a zero-length descriptor.
    uint8_t* header = tb.memory.at(VirtioBlkDriver::header_of(1));
    store_le(header, 4, blk::request::in);
    store_le(header + 4, 4, 0);
    store_le(header + 8, 8, 40);
    const uint64_t buffer = data + 0x5000;
    const uint16_t head = driver.add_chain({{VirtioBlkDriver::header_of(1), 5, false},
                                            {VirtioBlkDriver::header_of(1) + 5, 11, false},
                                            {data, 0, true},
                                            {buffer, 513, true}});
    driver.kick();
    EXPECT_EQ(driver.wait_interrupt(), mmio::interrupt_used_buffer);
    const auto used = driver.take_used();
    ASSERT_EQ(used.size(), 1u);
    EXPECT_EQ(used[0].id, head);
    EXPECT_EQ(used[0].len, 513u);
    EXPECT_EQ(guest_bytes(tb, buffer, 512), sector_pattern(40, 1));
    EXPECT_EQ(*tb.memory.at(buffer + 512), blk::status::ok);
  });
}

TEST_F(VirtioBlkIo, SeveralRequestsInFlightCompleteInOrder) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image, {{"latency_ns", "1000"}}), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb, 16);
  tb.run([&] {
    driver.init();
    wait(ns(50));
    tb.memory.fill_pattern(data + 0x1000, 1024, 3);
    std::vector<VirtioBlkDriver::Request> requests = {
        driver.submit(blk::request::in, 1, data, 512, 0),
        driver.submit(blk::request::out, 8, data + 0x1000, 1024, 1, false, 2),
        driver.submit(blk::request::flush, 0, 0, 0, 2),
        driver.submit(blk::request::in, 8, data + 0x2000, 1024, 3, true, 2),
        driver.submit(blk::request::get_id, 0, data + 0x3000, 20, 4),
    };
    driver.kick();
    std::vector<VirtioBlkDriver::Used> used;
    std::vector<sc_time> completions;
    while (used.size() < requests.size() && sc_time_stamp() < ns(100000)) {
      wait(ns(1));
      for (const auto& element : driver.take_used()) {
        used.push_back(element);
        completions.push_back(sc_time_stamp());
      }
    }
    ASSERT_EQ(used.size(), requests.size());
    // One request at a time, each taking the latency, in ring order.
    for (size_t i = 0; i < requests.size(); ++i) {
      EXPECT_EQ(used[i].id, requests[i].head) << i;
      EXPECT_EQ(driver.status(requests[i]), blk::status::ok) << i;
      EXPECT_EQ(completions[i], ns(50 + 1000 * (i + 1))) << i;
    }
    // The write landed before the read that followed it.
    EXPECT_EQ(guest_bytes(tb, data + 0x2000, 1024), guest_bytes(tb, data + 0x1000, 1024));
    EXPECT_EQ(guest_bytes(tb, data, 512), sector_pattern(1, 1));
    // The line rose with the first completion and stays up until acknowledged.
    ASSERT_EQ(tb.irq_edges(0).size(), 1u);
    EXPECT_EQ(tb.irq_edges(0)[0].time, ns(50 + 1000));
    EXPECT_EQ(driver.wait_interrupt(), mmio::interrupt_used_buffer);
  });
}

TEST_F(VirtioBlkIo, RingIndicesWrapAround) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image, {{"latency_ns", "10"}}), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb, 4);
  tb.run([&] {
    driver.init();
    // Batches of three (indirect, one descriptor each) on a ring of four:
    // the available and used entries wrap.
    for (unsigned batch = 0; batch < 6; ++batch) {
      for (unsigned slot = 0; slot < 3; ++slot) {
        driver.submit(blk::request::in, batch * 3 + slot, data + slot * 512, 512, slot, true);
      }
      driver.kick();
      std::vector<VirtioBlkDriver::Used> used;
      while (used.size() < 3) {
        driver.wait_interrupt();
        for (const auto& element : driver.take_used()) used.push_back(element);
      }
      for (unsigned slot = 0; slot < 3; ++slot) {
        EXPECT_EQ(guest_bytes(tb, data + slot * 512, 512), sector_pattern(batch * 3 + slot, 1)) << batch;
      }
    }
    EXPECT_EQ(driver.used_idx(), 18u);
  });
}

TEST_F(VirtioBlkIo, NotifyCountsFromTheAccessOwnTime) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image, {{"latency_ns", "500"}}), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    wait(ns(100));
    driver.submit(blk::request::in, 0, data, 512);
    driver.kick(ns(30));  // the initiator runs 30 ns ahead of the kernel
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(100 + 30 + 500));
  });
}

TEST_F(VirtioBlkIo, AnnotatedDmaDelaysAreWaitedOut) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image, {{"latency_ns", "1000"}}), 0x1000, "loom,virtio-blk");
  tb.memory.access_delay = ns(5);
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    driver.init();
    driver.submit(blk::request::in, 2, data, 512);
    driver.kick();
    wait(tb.irq(0).posedge_event());
    // Reads of the avail index, the ring entry, three descriptors and the
    // header; the latency; writes of the data, the status, the used element
    // and the used index.
    EXPECT_EQ(sc_time_stamp(), ns(6 * 5 + 1000 + 4 * 5));
    EXPECT_EQ(guest_bytes(tb, data, 512), sector_pattern(2, 1));
  });
}

TEST_F(VirtioBlkIo, NotificationsBeforeDriverOkWaitForIt) {
  TempImage image(image_sectors);
  Testbench tb(blk_params(image), 0x1000, "loom,virtio-blk");
  VirtioBlkDriver driver(tb);
  tb.run([&] {
    ASSERT_TRUE(driver.negotiate());
    driver.setup_queue();
    const auto request = driver.submit(blk::request::in, 0, data, 512);
    driver.kick();
    wait(ns(50000));
    EXPECT_EQ(driver.used_idx(), 0u);
    EXPECT_TRUE(tb.memory.log.empty());
    driver.set_reg(mmio::regs::status, status::acknowledge | status::driver | status::features_ok | status::driver_ok);
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(60000));
    EXPECT_EQ(driver.status(request), blk::status::ok);
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
