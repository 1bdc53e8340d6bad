#include "session.h"

#include <fmt/format.h>

#include <algorithm>

#include "rsp_packet.h"
#include "target_description.h"

namespace loom::debug {
namespace {

constexpr uint64_t kPacketSize = 0x4000;
constexpr uint64_t kMaxMemoryRead = kPacketSize / 2 - 16;  // hex doubles it; room for framing
// errno values, as gdbserver answers them.
const char* const kFault = "E14";    // EFAULT: memory that cannot be reached
const char* const kInvalid = "E16";  // EINVAL (22): a malformed or impossible request

std::string thread_id(uint32_t hart) { return fmt::format("{:x}", hart + 1); }

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// "ADDR,LENGTH" (and what follows, if asked for).
bool parse_address_length(std::string_view text, uint64_t& address, uint64_t& length) {
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos) return false;
  const auto a = rsp::parse_hex_number(text.substr(0, comma));
  const auto l = rsp::parse_hex_number(text.substr(comma + 1));
  if (!a || !l) return false;
  address = *a;
  length = *l;
  return true;
}

uint64_t from_le(const std::vector<uint8_t>& bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return value;
}

}  // namespace

std::optional<uint32_t> Session::hart_of(std::string_view thread) const {
  if (thread == "-1" || thread == "0") return std::nullopt;
  const auto id = rsp::parse_hex_number(thread);
  if (!id || *id == 0 || *id > target_.num_harts()) return std::nullopt;
  return static_cast<uint32_t>(*id - 1);
}

std::string Session::stopped(const cpu::DebugStop& stop, bool interrupted) {
  general_hart_ = continue_hart_ = stop.hart;
  std::string reply = fmt::format("T{:02x}thread:{};", interrupted ? 2 : 5, thread_id(stop.hart));
  switch (stop.cause) {
    case cpu::DebugStop::Cause::Breakpoint:
      reply += target_.breakpoint_type_at(stop.pc) == PointType::Software ? "swbreak:;" : "hwbreak:;";
      break;
    case cpu::DebugStop::Cause::Watchpoint: {
      const char* kind = stop.watchpoint.kind == cpu::WatchKind::Write  ? "watch"
                         : stop.watchpoint.kind == cpu::WatchKind::Read ? "rwatch"
                                                                        : "awatch";
      // An access may start before the watched bytes (a wide store over a
      // narrow variable): GDB matches the address against its watchpoint.
      reply += fmt::format("{}:{:x};", kind, std::max(stop.data_address, stop.watchpoint.address));
      break;
    }
    case cpu::DebugStop::Cause::Step:
    case cpu::DebugStop::Cause::Pause: break;
  }
  last_stop_ = reply;
  return reply;
}

void Session::attached(const cpu::DebugStop& stop) {
  general_hart_ = continue_hart_ = stop.hart;
  last_stop_ = fmt::format("T05thread:{};", thread_id(stop.hart));
}

std::vector<std::string> Session::run_ended(const cpu::RunResult& result, int exit_status) {
  std::vector<std::string> packets;
  if (!result.message.empty()) packets.push_back("O" + rsp::to_hex("loom: " + result.message + "\n"));
  packets.push_back(fmt::format("W{:02x}", static_cast<unsigned>(exit_status) & 0xff));
  return packets;
}

SessionAction Session::handle(std::string_view packet) {
  SessionAction action;
  if (packet.empty()) {
    action.reply = "";
    return action;
  }
  const char command = packet[0];
  const std::string_view args = packet.substr(1);
  switch (command) {
    case '?': action.reply = last_stop_; break;
    case 'g': action.reply = reply_registers(general_hart_); break;
    case 'G': action.reply = write_registers(general_hart_, args); break;
    case 'p': action.reply = read_register(args); break;
    case 'P': action.reply = write_register(args); break;
    case 'm': action.reply = read_memory(args); break;
    case 'M': action.reply = write_memory(args, false); break;
    case 'X': action.reply = write_memory(args, true); break;
    case 'Z':
    case 'z': action.reply = point(args, command == 'Z'); break;
    case 'H': action.reply = set_thread(args); break;
    case 'T': action.reply = hart_of(args) ? "OK" : "E01"; break;
    case 'c':
    case 's':
    case 'C':
    case 'S': return resume(command, args);
    case 'D':
      action.reply = "OK";
      action.detach = true;
      break;
    case 'k': action.kill = true; break;  // no reply: GDB does not wait for one
    case 'q':
    case 'Q':
      if (packet == "QStartNoAckMode") {
        action.reply = "OK";
        action.stop_acks = true;
      } else {
        action.reply = query(packet);
      }
      break;
    case 'v':
      if (packet == "vCont?") {
        action.reply = "vCont;c;C;s;S";
      } else if (starts_with(packet, "vCont;")) {
        return vcont(packet.substr(6));
      } else if (starts_with(packet, "vKill")) {
        action.reply = "OK";
        action.kill = true;
      } else {
        action.reply = "";  // vMustReplyEmpty, vFile, vRun...: not supported
      }
      break;
    default: action.reply = ""; break;  // unknown: the empty reply
  }
  return action;
}

std::string Session::reply_registers(uint32_t hart) {
  std::string hex;
  for (unsigned regnum = 0; regnum < kGeneralRegisters; ++regnum) {
    hex += rsp::le_hex(target_.read_register(hart, regnum).value_or(0), kRegisterBytes);
  }
  return hex;
}

std::string Session::write_registers(uint32_t hart, std::string_view hex) {
  std::vector<uint8_t> bytes;
  if (!rsp::from_hex(hex, bytes) || bytes.size() < kGeneralRegisters * kRegisterBytes) return kInvalid;
  for (unsigned regnum = 0; regnum < kGeneralRegisters; ++regnum) {
    const std::vector<uint8_t> one(bytes.begin() + regnum * kRegisterBytes,
                                   bytes.begin() + (regnum + 1) * kRegisterBytes);
    target_.write_register(hart, regnum, from_le(one));
  }
  return "OK";
}

std::string Session::read_register(std::string_view args) {
  const auto regnum = rsp::parse_hex_number(args);
  if (!regnum) return kInvalid;
  const auto value = target_.read_register(general_hart_, static_cast<unsigned>(*regnum));
  if (!value) return "E01";
  return rsp::le_hex(*value, kRegisterBytes);
}

std::string Session::write_register(std::string_view args) {
  const size_t equals = args.find('=');
  if (equals == std::string_view::npos) return kInvalid;
  const auto regnum = rsp::parse_hex_number(args.substr(0, equals));
  std::vector<uint8_t> bytes;
  if (!regnum || !rsp::from_hex(args.substr(equals + 1), bytes) || bytes.size() != kRegisterBytes) return kInvalid;
  return target_.write_register(general_hart_, static_cast<unsigned>(*regnum), from_le(bytes)) ? "OK" : "E01";
}

std::string Session::read_memory(std::string_view args) {
  uint64_t address, length;
  if (!parse_address_length(args, address, length)) return kInvalid;
  length = std::min(length, kMaxMemoryRead);
  const std::vector<uint8_t> data = target_.read_memory(general_hart_, address, length);
  if (data.empty() && length > 0) return kFault;
  return rsp::to_hex(data.data(), data.size());
}

std::string Session::write_memory(std::string_view args, bool binary) {
  const size_t colon = args.find(':');
  uint64_t address, length;
  if (colon == std::string_view::npos || !parse_address_length(args.substr(0, colon), address, length)) {
    return kInvalid;
  }
  std::vector<uint8_t> data;
  if (binary) {
    const std::string raw = rsp::unescape_binary(args.substr(colon + 1));
    data.assign(raw.begin(), raw.end());
  } else if (!rsp::from_hex(args.substr(colon + 1), data)) {
    return kInvalid;
  }
  if (data.size() != length) return kInvalid;
  if (data.empty()) return "OK";  // GDB's probe for X
  return target_.write_memory(general_hart_, address, data) == data.size() ? "OK" : kFault;
}

std::string Session::point(std::string_view args, bool insert) {
  // TYPE,ADDR,KIND (conditions and commands after ';' are not supported
  // and not advertised).
  const size_t first = args.find(',');
  if (first == std::string_view::npos) return kInvalid;
  const auto type = rsp::parse_hex_number(args.substr(0, first));
  std::string_view rest = args.substr(first + 1);
  rest = rest.substr(0, rest.find(';'));
  uint64_t address, kind;
  if (!type || !parse_address_length(rest, address, kind)) return kInvalid;
  if (*type > 4) return "";  // unknown types: not supported
  const auto point_type = static_cast<PointType>(*type);
  const bool ok = insert ? target_.insert_point(point_type, address, kind) : target_.remove_point(point_type, address, kind);
  return ok ? "OK" : kInvalid;
}

std::string Session::set_thread(std::string_view args) {
  if (args.empty()) return kInvalid;
  const char which = args[0];
  const std::string_view thread = args.substr(1);
  const auto hart = hart_of(thread);
  if (!hart && thread != "-1" && thread != "0") return "E01";
  if (which == 'g') {
    if (hart) general_hart_ = *hart;
  } else if (which == 'c') {
    if (hart) continue_hart_ = *hart;
  } else {
    return kInvalid;
  }
  return "OK";
}

SessionAction Session::resume(char action, std::string_view args) {
  // c [ADDR], s [ADDR], C SIG[;ADDR], S SIG[;ADDR]: there are no signals
  // to deliver to a hart, so C and S are c and s.
  if (action == 'C' || action == 'S') {
    const size_t semicolon = args.find(';');
    args = semicolon == std::string_view::npos ? std::string_view() : args.substr(semicolon + 1);
  }
  SessionAction result;
  if (!args.empty()) {
    const auto pc = rsp::parse_hex_number(args);
    if (!pc) {
      result.reply = kInvalid;
      return result;
    }
    target_.machine().hart_state(continue_hart_).pc = *pc;
  }
  const bool step = action == 's' || action == 'S';
  result.resume = {step ? Resume::Kind::Step : Resume::Kind::Continue, continue_hart_};
  return result;
}

SessionAction Session::vcont(std::string_view actions) {
  // Actions apply to the threads they name, the first match winning; when
  // GDB steps one thread and lets the others continue (vCont;s:2;c), only
  // the stepped hart moves, by one instruction: the others stay where they
  // are, as with `set scheduler-locking step`.
  SessionAction result;
  bool any_continue = false;
  while (!actions.empty()) {
    const size_t end = actions.find(';');
    std::string_view one = actions.substr(0, end);
    actions = end == std::string_view::npos ? std::string_view() : actions.substr(end + 1);
    const size_t colon = one.find(':');
    const std::string_view thread = colon == std::string_view::npos ? std::string_view() : one.substr(colon + 1);
    const char kind = one.empty() ? '?' : one[0];
    if (kind == 's' || kind == 'S') {
      const auto hart = thread.empty() ? std::optional<uint32_t>(continue_hart_) : hart_of(thread);
      result.resume = {Resume::Kind::Step, hart.value_or(continue_hart_)};
      return result;
    }
    if (kind == 'c' || kind == 'C') {
      any_continue = true;
    } else {
      result.reply = kInvalid;  // vCont;t and vCont;r are not offered
      return result;
    }
  }
  if (any_continue) result.resume = {Resume::Kind::Continue, continue_hart_};
  else result.reply = kInvalid;
  return result;
}

std::string Session::query(std::string_view packet) {
  if (starts_with(packet, "qSupported")) {
    return fmt::format("PacketSize={:x};qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+",
                       kPacketSize);
  }
  if (packet == "qAttached" || starts_with(packet, "qAttached:")) return "1";  // quit detaches, never kills
  if (packet == "qC") return "QC" + thread_id(general_hart_);
  if (packet == "qfThreadInfo") {
    std::string reply = "m";
    for (uint32_t h = 0; h < target_.num_harts(); ++h) reply += (h ? "," : "") + thread_id(h);
    return reply;
  }
  if (packet == "qsThreadInfo") return "l";
  constexpr std::string_view kExtraInfo = "qThreadExtraInfo,";
  if (starts_with(packet, kExtraInfo)) {
    const auto hart = hart_of(packet.substr(kExtraInfo.size()));
    if (!hart) return "E01";
    const char* state = target_.machine().hart_sleeping(*hart) ? "sleeping in wfi" : "running";
    return rsp::to_hex(fmt::format("hart {}, {}", *hart, state));
  }
  constexpr std::string_view kFeatures = "qXfer:features:read:";
  if (starts_with(packet, kFeatures)) {
    std::string_view rest = packet.substr(kFeatures.size());
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return kInvalid;
    if (rest.substr(0, colon) != "target.xml") return "E00";
    uint64_t offset, length;
    if (!parse_address_length(rest.substr(colon + 1), offset, length)) return kInvalid;
    const std::string& xml = target_xml();
    if (offset >= xml.size()) return "l";
    const std::string chunk = xml.substr(offset, std::min<uint64_t>(length, kPacketSize - 16));
    return (offset + chunk.size() >= xml.size() ? "l" : "m") + chunk;
  }
  if (starts_with(packet, "qRcmd,")) {
    std::vector<uint8_t> bytes;
    if (!rsp::from_hex(packet.substr(6), bytes)) return kInvalid;
    const std::string output =
        run_monitor_command(target_, hooks_, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    return rsp::to_hex(output);
  }
  if (packet == "qSymbol::") return "OK";
  return "";
}

}  // namespace loom::debug
