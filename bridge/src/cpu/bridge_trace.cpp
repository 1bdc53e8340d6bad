#include "cpu/bridge_trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace loom::bridge {
namespace {

constexpr unsigned kProcess = 1;       // one "process": the board's bridge
constexpr size_t kMaxDataBytes = 64;   // a DMA of 4 KiB shows its start

// Picoseconds as the format's microseconds, exactly (no binary fraction).
std::string micros(uint64_t ps) { return fmt::format("{}.{:06}", ps / 1'000'000, ps % 1'000'000); }

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

BridgeTrace::BridgeTrace(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "we");
  if (!file_) throw std::runtime_error(fmt::format("--trace-bridge {}: cannot write it: {}", path, std::strerror(errno)));
  if (std::fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", file_) < 0) {
    failure_ = fmt::format("--trace-bridge {} is incomplete: {}", path_, std::strerror(errno));
  }
  event(fmt::format(R"j({{"ph":"M","pid":{},"name":"process_name","args":{{"name":"loom bridge (simulated time)"}}}})j",
                    kProcess));
}

BridgeTrace::~BridgeTrace() { finish(); }

void BridgeTrace::event(const std::string& json) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_ || !failure_.empty()) return;
  const std::string line = (first_ ? "" : ",\n") + json;
  first_ = false;
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) {
    failure_ = fmt::format("--trace-bridge {} is incomplete: {}", path_, std::strerror(errno));
  }
}

void BridgeTrace::name_track(unsigned track, const std::string& name) {
  event(fmt::format(R"j({{"ph":"M","pid":{},"tid":{},"name":"thread_name","args":{{"name":{}}}}})j", kProcess, track,
                    json_string(name)));
}

void BridgeTrace::transaction(const Transaction& t) {
  const std::string device = t.device ? *t.device : std::string();
  std::string args = fmt::format(R"j("device":{},"status":"{}")j", json_string(device), t.status);
  if (t.size > 0) args += fmt::format(R"j(,"address":"{:#x}","size":{})j", t.address, t.size);
  if (t.data) {
    const auto* bytes = static_cast<const uint8_t*>(t.data);
    std::string hex;
    // Little-endian bytes in memory order, as a hex dump reads them.
    for (size_t i = 0; i < std::min<uint64_t>(t.size, kMaxDataBytes); ++i) hex += fmt::format("{:02x}", bytes[i]);
    if (t.size > kMaxDataBytes) hex += "...";
    args += fmt::format(R"j(,"data":"{}")j", hex);
  }
  if (t.latency_us >= 0) args += fmt::format(R"j(,"latency_us":{:.3f})j", t.latency_us);
  event(fmt::format(R"j({{"ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"name":"{} {}","cat":"bridge","args":{{{}}}}})j",
                    kProcess, t.track, micros(t.time_ps), micros(t.delay_ps), t.kind,
                    json_string(device).substr(1, json_string(device).size() - 2), args));
}

void BridgeTrace::interrupt(unsigned track, uint32_t irq, bool level, uint64_t time_ps) {
  event(fmt::format(R"j({{"ph":"i","s":"t","pid":{},"tid":{},"ts":{},"name":"irq {} {}","cat":"interrupt"}})j",
                    kProcess, track, micros(time_ps), irq, level ? "raised" : "lowered"));
}

std::string BridgeTrace::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (file_) {
    if (std::fputs("\n]}\n", file_) < 0 && failure_.empty()) {
      failure_ = fmt::format("--trace-bridge {} is incomplete: {}", path_, std::strerror(errno));
    }
    if (std::fclose(file_) != 0 && failure_.empty()) {
      failure_ = fmt::format("--trace-bridge {} is incomplete: {}", path_, std::strerror(errno));
    }
    file_ = nullptr;
  }
  return failure_;
}

std::string BridgeTrace::failure() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failure_;
}

}  // namespace loom::bridge
