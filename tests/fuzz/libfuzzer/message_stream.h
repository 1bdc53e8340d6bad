#pragma once
// Fuzz input for the bridge targets: a sequence of chunks, each a 2-byte
// little-endian length and that many bytes. The bridge targets read their
// own first chunk as operations and the rest as serialized protocol messages
// (bridge.proto), so that the fuzzer mutates real messages; a chunk that
// does not parse as one is left out, as if it was never sent.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace loom::fuzz {

inline std::vector<std::string> split_chunks(const uint8_t* data, size_t size) {
  std::vector<std::string> chunks;
  size_t at = 0;
  while (at + 2 <= size) {
    const size_t length = data[at] | size_t{data[at + 1]} << 8;
    at += 2;
    const size_t take = length < size - at ? length : size - at;
    chunks.emplace_back(reinterpret_cast<const char*>(data + at), take);
    at += take;
  }
  return chunks;
}

template <typename Message>
std::deque<Message> parse_messages(const std::vector<std::string>& chunks, size_t first) {
  std::deque<Message> messages;
  for (size_t i = first; i < chunks.size(); ++i) {
    Message m;
    if (m.ParseFromString(chunks[i])) messages.push_back(std::move(m));
  }
  return messages;
}

// Reads an operations chunk byte by byte; zeros once it is used up.
class OpReader {
 public:
  explicit OpReader(std::string bytes) : bytes_(std::move(bytes)) {}
  bool done() const { return at_ >= bytes_.size(); }
  uint8_t byte() { return done() ? 0 : static_cast<uint8_t>(bytes_[at_++]); }
  uint64_t u32() {
    uint64_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint64_t{byte()} << (8 * i);
    return v;
  }
  std::string bytes(size_t n) {
    std::string out;
    while (n-- > 0 && !done()) out += static_cast<char>(byte());
    return out;
  }

 private:
  std::string bytes_;
  size_t at_ = 0;
};

}  // namespace loom::fuzz
