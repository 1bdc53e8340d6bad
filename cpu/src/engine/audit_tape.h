#pragma once
// What the audit engine needs to run one block twice from the same state:
// the reference run (interpreter) records every bus access of the hart's
// slow paths and logs the old bytes of every RAM write; the checked run
// (JIT) replays the device answers instead of touching devices again, so
// side effects (a UART FIFO, the console, interrupt lines) happen once.

#include <cstdint>
#include <string>
#include <vector>

namespace loom::cpu {

struct AuditTape {
  enum class Mode { Record, Replay };
  struct BusAccess {
    bool write;
    uint64_t address;
    unsigned size;
    uint64_t value;
    bool ok;
    uint64_t delay_ps;
    bool broke;  // the access asked the hart for a break
  };
  struct RamWrite {
    uint8_t* host;
    unsigned size;
    uint8_t old[8];
    uint8_t after[8];  // filled after the reference run
    bool watched;      // through the bus (tohost): its watch ran once, in the reference
  };

  Mode mode = Mode::Record;
  std::vector<BusAccess> accesses;
  size_t next = 0;
  std::vector<RamWrite> writes;
  std::string mismatch;  // set when the replayed run asked for something else

  void start_record() {
    mode = Mode::Record;
    accesses.clear();
    writes.clear();
    next = 0;
    mismatch.clear();
  }
  void log_write(uint8_t* host, unsigned size, bool watched = false) {
    if (mode != Mode::Record) return;
    RamWrite w{host, size, {}, {}, watched};
    for (unsigned i = 0; i < size && i < 8; ++i) w.old[i] = host[i];
    writes.push_back(w);
  }
  // Captures what the reference run left, then puts the old bytes back.
  void undo_writes() {
    for (RamWrite& w : writes)
      for (unsigned i = 0; i < w.size; ++i) w.after[i] = w.host[i];
    for (auto it = writes.rbegin(); it != writes.rend(); ++it)
      for (unsigned i = 0; i < it->size; ++i) it->host[i] = it->old[i];
  }
  // After the replayed run: watched RAM holds what the watch left there.
  void settle_watched() {
    for (RamWrite& w : writes)
      if (w.watched)
        for (unsigned i = 0; i < w.size; ++i) w.host[i] = w.after[i];
  }
  // Looks up the next recorded access; false (with `mismatch`) if the
  // replayed run does something else.
  const BusAccess* replay(bool write, uint64_t address, unsigned size, uint64_t value);
};

}  // namespace loom::cpu
