// virtio-blk in snapshots: saved with a request under way (between the
// read of its descriptors and its completion) and a write kept in the
// overlay, restored into a second device that then completes the request
// at the same time, with the same used ring, interrupt and data; a disk
// written in place is refused with one line.

#include <algorithm>

#include "loom/tlm_devices/type_names.h"
#include "snapshot_pair.h"
#include "test_virtio_blk_driver.h"

namespace loom::tlm_devices::testing {
namespace {

using VirtioBlkSnapshot = TlmTest;
namespace request = virtio_blk::request;

TEST_F(VirtioBlkSnapshot, ARequestUnderWayCompletesAlikeAndTheOverlayKeepsWrites) {
  TempImage image(64);
  SnapshotPair p(type_names::kVirtioBlk, 0x1000, blk_params(image, {{"overlay", "1"}}));
  VirtioBlkDriver driver(p.a);
  driver.init();
  // A write that completes: kept in a's overlay, never in the image.
  const uint64_t data = VirtioBlkDriver::data_area;
  std::fill(p.a.memory.at(data), p.a.memory.at(data) + 1024, 0x5c);
  driver.submit(request::out, 4, data, 1024, 0);
  driver.kick();
  SnapshotPair::advance_to(ns(20000));
  ASSERT_EQ(driver.take_used().size(), 1u);
  p.a.write(virtio::mmio::regs::interrupt_ack, 4, virtio::mmio::interrupt_used_buffer);
  // A read of those sectors, under way when the snapshot is taken.
  driver.submit(request::in, 3, data + 0x1000, 2048, 1);
  driver.kick();
  SnapshotPair::advance_to(ns(25000));  // the device waits out its 10 us latency
  EXPECT_TRUE(driver.take_used().empty());
  p.b.memory.bytes = p.a.memory.bytes;  // the guest's RAM, as the CPU's snapshot gives it back
  p.copy_a_to_b();
  VirtioBlkDriver same(p.b, driver);
  SnapshotPair::advance_to(ns(40000));
  const auto used_a = driver.take_used(), used_b = same.take_used();
  ASSERT_EQ(used_a.size(), 1u);
  ASSERT_EQ(used_b.size(), 1u);
  EXPECT_EQ(used_a[0].id, used_b[0].id);
  EXPECT_EQ(used_a[0].len, used_b[0].len);
  EXPECT_EQ(p.a.memory.bytes, p.b.memory.bytes);  // data, status byte, used ring
  // Sector 3 from the image, 4 and 5 from the overlay (the write before the snapshot).
  const std::vector<uint8_t> read = guest_bytes(p.b, data + 0x1000, 2048);
  EXPECT_EQ(std::vector<uint8_t>(read.begin(), read.begin() + 512), sector_pattern(3, 1));
  EXPECT_TRUE(std::all_of(read.begin() + 512, read.begin() + 1536, [](uint8_t b) { return b == 0x5c; }));
  EXPECT_EQ(std::vector<uint8_t>(read.begin() + 1536, read.end()), sector_pattern(6, 1));
  EXPECT_EQ(image.read(4 * 512, 512), sector_pattern(4, 1));  // the image itself is untouched
  p.expect_same_edges_since_copy(0);
}

TEST_F(VirtioBlkSnapshot, ADiskWrittenInPlaceIsRefused) {
  TempImage image(8);
  FakeHostServices services;
  Testbench tb("tb", type_names::kVirtioBlk, 0x1000, &services, blk_params(image));
  sc_start(SC_ZERO_TIME);
  state::StateWriter out = state::StateWriter::part();
  try {
    tb.device->save(out);
    FAIL() << "saved a disk written in place";
  } catch (const state::SnapshotError& e) {
    EXPECT_EQ(std::string(e.what()),
              "its image '" + image.path +
                  "' is written in place, so no snapshot could give it back as it was: give the disk an overlay "
                  "(params: { overlay: 1 }, or loom run --disk-overlay) to keep the guest's writes in memory, or "
                  "make it read-only");
  }
}

}  // namespace
}  // namespace loom::tlm_devices::testing
