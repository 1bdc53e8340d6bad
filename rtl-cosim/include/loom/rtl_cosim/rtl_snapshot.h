#pragma once
// Snapshots of verilated designs (docs/rtl-cosim.md, "Snapshots"): the
// model's variables through Verilator's own serialisation (a design
// verilated with --savable: loom_add_rtl_device(... SAVABLE)), and the
// SystemC around it: every signal of the device's module tree, by name.
// Taken only while the design is idle (its clock stopped, the adapters
// between transfers), so that no handshake is half done.
//
// Compiled with the design (it includes Verilator's headers): plugins only.

#include <systemc>

#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include "loom/state/state.h"
#include "verilated_save.h"

namespace loom::rtl_cosim {

// A design verilated with --savable can be written to a VerilatedSerialize.
template <typename Top, typename = void>
struct IsSavable : std::false_type {};
template <typename Top>
struct IsSavable<Top, std::void_t<decltype(std::declval<VerilatedSerialize&>() << std::declval<Top&>())>>
    : std::true_type {};

constexpr const char* kRtlNotSavable =
    "its RTL design was verilated without --savable, so its state cannot be saved: build it with "
    "loom_add_rtl_device(... SAVABLE)";
constexpr const char* kRtlBusy =
    "its RTL design is busy (its clock runs, or a bus transfer is under way; a design without a `busy` output is "
    "always clocked): snapshot again when it is idle";

// Verilator's serialisation into and out of memory.
class StringSerialize final : public VerilatedSerialize {
 public:
  explicit StringSerialize(std::string& out) : out_(out) { m_isOpen = true; }
  ~StringSerialize() override { flush(); }
  void flush() override {
    out_.append(reinterpret_cast<const char*>(m_bufp), static_cast<size_t>(m_cp - m_bufp));
    m_cp = m_bufp;
  }

 private:
  std::string& out_;
};

class StringDeserialize final : public VerilatedDeserialize {
 public:
  explicit StringDeserialize(const std::string& in) : in_(in) {
    m_isOpen = true;
    m_endp = m_bufp;
  }

 private:
  void fill() override {
    const size_t kept = static_cast<size_t>(m_endp - m_cp);
    std::memmove(m_bufp, m_cp, kept);
    m_cp = m_bufp;
    m_endp = m_bufp + kept;
    const size_t n = std::min(bufferSize() - kept, in_.size() - at_);
    std::memcpy(m_endp, in_.data() + at_, n);
    at_ += n;
    m_endp += n;
  }
  const std::string& in_;
  size_t at_ = 0;
};

template <typename Top>
std::string serialize(const Top& top) {
  std::string out;
  {
    StringSerialize os(out);
    os << const_cast<Top&>(top);  // Verilator's operator takes the model by reference; it only reads it
  }
  return out;
}

template <typename Top>
void deserialize(Top& top, const std::string& blob, state::StateReader& in) {
  // Verilator ends the process on data that is not its model's: the
  // section's design name and size are checked first by the caller; this
  // refuses a blob that would run out.
  if (blob.empty()) in.fail("an empty RTL model state");
  StringDeserialize is(blob);
  is >> top;
}

// Every sc_signal<bool|uint32_t|uint64_t> under `root`, in the module
// tree's order, by name: what the verilated model and the adapters see.
void save_signals(const sc_core::sc_object& root, state::StateWriter& out);
// Writes them back (the signals update at the next delta cycle); refuses a
// snapshot whose signals differ by name or number.
void restore_signals(sc_core::sc_object& root, state::StateReader& in);

}  // namespace loom::rtl_cosim
