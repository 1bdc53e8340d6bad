#include "rsp_packet.h"

namespace loom::debug::rsp {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kDigits[] = "0123456789abcdef";
constexpr char kEscape = '}';
constexpr uint8_t kEscapeXor = 0x20;

bool needs_escape(char c) { return c == '$' || c == '#' || c == '}' || c == '*'; }

}  // namespace

uint8_t checksum(std::string_view payload) {
  uint8_t sum = 0;
  for (const char c : payload) sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
  return sum;
}

std::string escape_binary(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (const char c : data) {
    if (needs_escape(c)) {
      out += kEscape;
      out += static_cast<char>(c ^ kEscapeXor);
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_binary(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == kEscape && i + 1 < data.size()) {
      out += static_cast<char>(data[++i] ^ kEscapeXor);
    } else {
      out += data[i];
    }
  }
  return out;
}

std::string frame(std::string_view payload) {
  const std::string body = escape_binary(payload);
  const uint8_t sum = checksum(body);
  std::string out;
  out.reserve(body.size() + 4);
  out += '$';
  out += body;
  out += '#';
  out += kDigits[sum >> 4];
  out += kDigits[sum & 15];
  return out;
}

void PacketReader::feed(std::string_view bytes, std::vector<Event>& out) {
  for (const char c : bytes) {
    switch (state_) {
      case State::Idle:
        if (c == '$') {
          payload_.clear();
          state_ = State::Payload;
        } else if (c == '+') {
          out.push_back({Event::Kind::Ack, {}});
        } else if (c == '-') {
          out.push_back({Event::Kind::Nack, {}});
        } else if (c == '\x03') {
          out.push_back({Event::Kind::Interrupt, {}});
        }
        break;
      case State::Payload:
        if (c == '#') {
          state_ = State::Checksum1;
        } else {
          payload_ += c;
        }
        break;
      case State::Checksum1:
        checksum_high_ = c;
        state_ = State::Checksum2;
        break;
      case State::Checksum2: {
        state_ = State::Idle;
        const int high = hex_digit(checksum_high_), low = hex_digit(c);
        const bool good = high >= 0 && low >= 0 && checksum(payload_) == (high << 4 | low);
        out.push_back({good ? Event::Kind::Packet : Event::Kind::BadPacket, good ? payload_ : std::string()});
        break;
      }
    }
  }
}

std::string to_hex(const uint8_t* data, size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

std::string to_hex(std::string_view text) {
  return to_hex(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

bool from_hex(std::string_view hex, std::vector<uint8_t>& out) {
  if (hex.size() % 2) return false;
  out.clear();
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_digit(hex[i]), low = hex_digit(hex[i + 1]);
    if (high < 0 || low < 0) return false;
    out.push_back(static_cast<uint8_t>(high << 4 | low));
  }
  return true;
}

std::optional<uint64_t> parse_hex_number(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  uint64_t value = 0;
  for (const char c : text) {
    const int digit = hex_digit(c);
    if (digit < 0) return std::nullopt;
    value = value << 4 | static_cast<uint64_t>(digit);
  }
  return value;
}

std::string le_hex(uint64_t value, unsigned bytes) {
  uint8_t data[8];
  for (unsigned i = 0; i < bytes && i < 8; ++i) data[i] = static_cast<uint8_t>(value >> (8 * i));
  return to_hex(data, bytes < 8 ? bytes : 8);
}

}  // namespace loom::debug::rsp
