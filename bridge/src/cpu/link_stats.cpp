#include "cpu/link_stats.h"

#include <fmt/format.h>

namespace loom::bridge {

void LatencyHistogram::record(std::chrono::nanoseconds rtt) {
  const uint64_t ns = rtt.count() < 0 ? 0 : static_cast<uint64_t>(rtt.count());
  const uint64_t bucket = ns / kBucketNs;
  ++buckets_[bucket < kBuckets ? bucket : kBuckets];
  ++count_;
}

double LatencyHistogram::percentile_us(double p) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<uint64_t>(p / 100.0 * static_cast<double>(count_ - 1)) + 1;
  uint64_t seen = 0;
  for (unsigned i = 0; i <= kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return (i + 1) * kBucketNs / 1000.0;
  }
  return kBuckets * kBucketNs / 1000.0;
}

std::string LinkStats::report(const std::string& server, double simulated_seconds) const {
  auto rtt = [](const LatencyHistogram& h) {
    if (h.count() == 0) return std::string("-");
    return fmt::format("p50 {:.1f} us, p99 {:.1f} us", h.percentile_us(50), h.percentile_us(99));
  };
  const double syncs_per_second = simulated_seconds > 0 ? static_cast<double>(syncs) / simulated_seconds : 0;
  std::string out;
  out += fmt::format("loom: link {}: over {}; reads {} ({}), writes {} ({}), posted writes {} in {} batches\n",
                     server, link, reads, rtt(read_rtt), writes, rtt(write_rtt), posted_writes, posted_batches);
  out += fmt::format("loom: link {}: reads served by the register mirror {}, quiet writes {}\n", server,
                     mirrored_reads, quiet_writes);
  out += fmt::format("loom: link {}: syncs {} ({:.0f} per simulated s; {}), DMA reads {} writes {} ({} bytes)\n",
                     server, syncs, syncs_per_second, rtt(sync_rtt), dma_reads, dma_writes, dma_bytes);
  if (dma_posted || dma_to_devices || dma_refused || config_accesses) {
    out += fmt::format("loom: link {}: DMA posted writes {}, to CPU-side devices {}, refused {}; "
                       "PCIe configuration accesses {} ({})\n",
                       server, dma_posted, dma_to_devices, dma_refused, config_accesses, rtt(config_rtt));
  }
  out += fmt::format("loom: link {}: interrupt changes {}, posted-write errors {}, time waiting {:.3f} s "
                     "(of which SystemC {:.3f} s)\n",
                     server, interrupt_changes, posted_errors, std::chrono::duration<double>(waiting).count(),
                     std::chrono::duration<double>(systemc_busy).count());
  return out;
}

}  // namespace loom::bridge
