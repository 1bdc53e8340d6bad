// The signals of an RTL device's module tree in snapshots (rtl_snapshot.h).
#include <systemc>

#include <functional>
#include <vector>

#include "loom/state/state.h"

namespace loom::rtl_cosim {
namespace {

// Visits the signals of the kinds a device's pins use, in tree order.
void each_signal(sc_core::sc_object& root, const std::function<void(sc_core::sc_object&)>& visit) {
  for (sc_core::sc_object* child : root.get_child_objects()) {
    if (std::string(child->kind()) == "sc_signal") visit(*child);
    each_signal(*child, visit);
  }
}

}  // namespace

void save_signals(const sc_core::sc_object& root, state::StateWriter& out) {
  std::vector<sc_core::sc_object*> signals;
  each_signal(const_cast<sc_core::sc_object&>(root), [&](sc_core::sc_object& s) { signals.push_back(&s); });
  out.u64(signals.size());
  for (sc_core::sc_object* s : signals) {
    out.string(s->basename());
    if (auto* b = dynamic_cast<sc_core::sc_signal<bool>*>(s)) {
      out.u32(1);
      out.u64(b->read());
    } else if (auto* w = dynamic_cast<sc_core::sc_signal<uint32_t>*>(s)) {
      out.u32(2);
      out.u64(w->read());
    } else if (auto* d = dynamic_cast<sc_core::sc_signal<uint64_t>*>(s)) {
      out.u32(3);
      out.u64(d->read());
    } else {
      throw state::SnapshotError(std::string("its signal ") + s->name() +
                                 " is of a type snapshots do not know (bool, uint32_t, uint64_t)");
    }
  }
}

void restore_signals(sc_core::sc_object& root, state::StateReader& in) {
  std::vector<sc_core::sc_object*> signals;
  each_signal(root, [&](sc_core::sc_object& s) { signals.push_back(&s); });
  if (in.u64() != signals.size()) in.fail("another RTL device (its signals differ in number)");
  for (sc_core::sc_object* s : signals) {
    if (in.string() != s->basename()) in.fail(std::string("another RTL device (signal ") + s->name() + ")");
    const uint32_t kind = in.u32();
    const uint64_t value = in.u64();
    if (auto* b = dynamic_cast<sc_core::sc_signal<bool>*>(s); b && kind == 1) {
      b->write(value != 0);
    } else if (auto* w = dynamic_cast<sc_core::sc_signal<uint32_t>*>(s); w && kind == 2) {
      w->write(static_cast<uint32_t>(value));
    } else if (auto* d = dynamic_cast<sc_core::sc_signal<uint64_t>*>(s); d && kind == 3) {
      d->write(value);
    } else {
      in.fail(std::string("another RTL device (signal ") + s->name() + " of another type)");
    }
  }
}

}  // namespace loom::rtl_cosim
