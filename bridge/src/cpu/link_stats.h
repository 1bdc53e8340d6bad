#pragma once
// Per-link counters and round-trip latency histograms for --stats.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace loom::bridge {

// Round-trip times in 0.5 us buckets up to 50 ms (then one overflow bucket):
// fixed memory, O(1) record, percentiles good to half a microsecond.
class LatencyHistogram {
 public:
  void record(std::chrono::nanoseconds rtt);
  uint64_t count() const { return count_; }
  // Upper edge of the bucket holding the p-th percentile, in microseconds.
  double percentile_us(double p) const;

 private:
  static constexpr unsigned kBucketNs = 500;
  static constexpr unsigned kBuckets = 100000;
  std::array<uint64_t, kBuckets + 1> buckets_{};
  uint64_t count_ = 0;
};

struct LinkStats {
  std::string link;  // "shared memory" or "gRPC"
  uint64_t reads = 0;
  uint64_t mirrored_reads = 0;   // served from the server's register mirror, no round trip
  uint64_t quiet_writes = 0;     // posted writes that kept the mirror valid
  uint64_t writes = 0;           // writes that waited for a response
  uint64_t posted_writes = 0;
  uint64_t posted_batches = 0;
  uint64_t posted_errors = 0;
  uint64_t syncs = 0;
  uint64_t dma_reads = 0;
  uint64_t dma_writes = 0;
  uint64_t dma_bytes = 0;
  uint64_t dma_posted = 0;         // posted DMA writes (PCIe memory writes, MSIs)
  uint64_t dma_to_devices = 0;     // DMA that reached a CPU-side device, not RAM
  uint64_t dma_refused = 0;        // DMA to nothing the CPU side serves
  uint64_t config_accesses = 0;    // PCIe configuration reads and writes
  uint64_t interrupt_changes = 0;
  LatencyHistogram read_rtt;
  LatencyHistogram write_rtt;
  LatencyHistogram sync_rtt;
  LatencyHistogram config_rtt;
  std::chrono::nanoseconds waiting{0};  // wall time the CPU spent blocked on this link
  std::chrono::nanoseconds systemc_busy{0};  // as the server reports it (host time inside SystemC)

  std::string report(const std::string& server, double simulated_seconds) const;
};

}  // namespace loom::bridge
