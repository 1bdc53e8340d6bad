#pragma once
// What loom,virtio-blk adds to the virtio-mmio transport (whose register map
// is virtio/mmio_registers.h): its feature bits, its configuration space
// layout, the request format, and the limits it advertises (VIRTIO 1.2,
// 5.2). The table in ../README.md documents the same for software.

#include <cstdint>

namespace loom::tlm_devices::virtio_blk {

// Block device feature bits (5.2.3). Offered: seg_max, blk_size, flush, and
// ro with the readonly parameter; the others are listed for reference.
namespace feature {
constexpr unsigned size_max = 1;       // (not offered) longest segment
constexpr unsigned seg_max = 2;        // config seg_max is valid
constexpr unsigned geometry = 4;       // (not offered)
constexpr unsigned ro = 5;             // the disk is read-only
constexpr unsigned blk_size = 6;       // config blk_size is valid
constexpr unsigned flush = 9;          // VIRTIO_BLK_T_FLUSH is supported
constexpr unsigned topology = 10;      // (not offered)
constexpr unsigned config_wce = 11;    // (not offered) writeback toggle in config
constexpr unsigned mq = 12;            // (not offered) one request queue only
constexpr unsigned discard = 13;       // (not offered)
constexpr unsigned write_zeroes = 14;  // (not offered)
}  // namespace feature

// Configuration space (struct virtio_blk_config), offsets from the start of
// the window at 0x100. Little-endian. Fields of features not offered read 0.
namespace config {
constexpr uint64_t capacity = 0x00;    // le64: size in 512-byte sectors
constexpr uint64_t size_max = 0x08;    // le32
constexpr uint64_t seg_max = 0x0c;     // le32: data segments per request
constexpr uint64_t geometry = 0x10;    // le16 cylinders, u8 heads, u8 sectors
constexpr uint64_t blk_size = 0x14;    // le32: logical block size in bytes
constexpr uint64_t topology = 0x18;    // 8 bytes
constexpr uint64_t writeback = 0x20;   // u8
constexpr uint64_t num_queues = 0x22;  // le16: 1
constexpr uint64_t bytes = 0x24;       // everything after reads 0
}  // namespace config

// A request is a chain: a 16-byte header (le32 type, le32 reserved, le64
// sector) at the start of its driver-readable part, the data, and a status
// byte at the very end of its device-writable part (5.2.6).
constexpr uint64_t header_bytes = 16;
constexpr uint64_t header_type = 0;
constexpr uint64_t header_sector = 8;

namespace request {
constexpr uint32_t in = 0;      // read sectors into the writable data
constexpr uint32_t out = 1;     // write the readable data to sectors
constexpr uint32_t flush = 4;   // make every completed write durable
constexpr uint32_t get_id = 8;  // the serial string into the writable data
}  // namespace request

namespace status {
constexpr uint8_t ok = 0;
constexpr uint8_t ioerr = 1;
constexpr uint8_t unsupp = 2;
}  // namespace status

constexpr uint64_t sector_bytes = 512;  // the unit of `sector` and `capacity`, whatever blk_size says
constexpr uint32_t block_size = 512;    // advertised blk_size
constexpr uint64_t id_bytes = 20;       // GET_ID: NUL-padded when shorter

// One request queue of at most 256 entries; a request holds the header and
// status descriptors plus at most seg_max data segments.
constexpr uint32_t queue_size_max = 256;
constexpr uint32_t seg_max = queue_size_max - 2;

}  // namespace loom::tlm_devices::virtio_blk
