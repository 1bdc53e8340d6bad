#include "cpu/console_record.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace loom::bridge {
namespace {

constexpr char kMagic[] = "loom-console-record";
constexpr unsigned kVersion = 1;

std::string to_hex(const std::string& bytes) {
  std::string hex;
  for (const unsigned char c : bytes) hex += fmt::format("{:02x}", c);
  return hex;
}

bool from_hex(const std::string& hex, std::string& bytes) {
  if (hex.empty() || hex.size() % 2) return false;
  bytes.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    for (size_t k = i; k < i + 2; ++k) {
      const char c = hex[k];
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return false;
      value = value * 16 + static_cast<unsigned>(digit);
    }
    bytes += static_cast<char>(value);
  }
  return true;
}

bool parse_u64(const std::string& text, uint64_t& value) {
  if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  errno = 0;
  value = std::strtoull(text.c_str(), nullptr, 10);
  return errno == 0;
}

}  // namespace

ConsoleRecorder::ConsoleRecorder(const std::string& path, uint64_t quantum_ps) : path_(path) {
  file_ = std::fopen(path.c_str(), "we");
  if (!file_) throw std::runtime_error(fmt::format("--record {}: cannot write it: {}", path, std::strerror(errno)));
  if (std::fprintf(file_, "%s %u quantum_ps=%llu\n", kMagic, kVersion, static_cast<unsigned long long>(quantum_ps)) <
      0) {
    failure_ = fmt::format("--record {} is incomplete: {}", path_, std::strerror(errno));
  }
}

ConsoleRecorder::~ConsoleRecorder() { finish(); }

void ConsoleRecorder::record(const ConsoleEvent& e) {
  if (!file_ || !failure_.empty()) return;
  ++recorded_;
  const std::string line = fmt::format("{} {} {}\n", e.time_ps, e.device, to_hex(e.bytes));
  // Flushed at once: a run that ends badly still leaves what it recorded.
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0) {
    failure_ = fmt::format("--record {} is incomplete: {}", path_, std::strerror(errno));
  }
}

std::string ConsoleRecorder::finish() {
  if (file_) {
    if (std::fclose(file_) != 0 && failure_.empty()) {
      failure_ = fmt::format("--record {} is incomplete: {}", path_, std::strerror(errno));
    }
    file_ = nullptr;
  }
  return failure_;
}

ConsoleReplay::ConsoleReplay(const std::string& path, uint64_t quantum_ps) : path_(path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("--replay {}: cannot read it: {}", path, std::strerror(errno)));
  std::string line;
  unsigned number = 0;
  auto fail = [&](const std::string& what) {
    return std::runtime_error(fmt::format("{}:{}: {}", path, number, what));
  };
  ++number;
  if (!std::getline(in, line)) throw fail("empty: not a console recording (loom run --record)");
  {
    std::istringstream header(line);
    std::string magic, quantum;
    unsigned version = 0;
    header >> magic >> version >> quantum;
    if (magic != kMagic) throw fail("not a console recording (loom run --record)");
    if (version != kVersion) throw fail(fmt::format("recording version {}, this Loom reads version {}", version, kVersion));
    uint64_t recorded = 0;
    if (quantum.rfind("quantum_ps=", 0) != 0 || !parse_u64(quantum.substr(11), recorded)) {
      throw fail("expected quantum_ps=N in the header");
    }
    if (recorded != quantum_ps) {
      throw fail(fmt::format("recorded with a quantum of {} ps, this run's is {} ps: it could not deliver the input "
                             "at the recorded times (use the same --quantum)",
                             recorded, quantum_ps));
    }
  }
  uint64_t last = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string time, device, hex, extra;
    fields >> time >> device >> hex >> extra;
    ConsoleEvent e;
    if (!parse_u64(time, e.time_ps) || device.empty() || !from_hex(hex, e.bytes) || !extra.empty()) {
      throw fail("expected TIME_PS DEVICE HEX_BYTES");
    }
    if (e.time_ps < last) throw fail(fmt::format("time {} ps goes back (the line before says {} ps)", e.time_ps, last));
    last = e.time_ps;
    e.device = device;
    events_.push_back(std::move(e));
  }
}

std::vector<ConsoleEvent> ConsoleReplay::take_due(uint64_t time_ps) {
  std::vector<ConsoleEvent> due;
  while (next_ < events_.size() && events_[next_].time_ps <= time_ps) {
    if (events_[next_].time_ps < time_ps) {
      throw std::runtime_error(fmt::format(
          "--replay {}: input recorded at {} ps could only be delivered at {} ps: this run is not the recorded one "
          "(another program, platform or Loom version?)",
          path_, events_[next_].time_ps, time_ps));
    }
    due.push_back(events_[next_++]);
  }
  return due;
}

}  // namespace loom::bridge
