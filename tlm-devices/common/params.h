#pragma once
// Reading a model's ModelParams. A device asks for each parameter it knows,
// with its default; a value that is not a number, or a parameter nobody
// asked for, is a one-line ModelError naming the device and the parameter.

#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "loom/tlm_devices/model.h"

namespace loom::tlm_devices {

class ParamReader {
 public:
  // `device` is how messages name the model, e.g. "loom,test-device 'uart0'".
  ParamReader(std::string device, const ModelParams& params);

  // The value of `key`: an unsigned integer, decimal or 0x-prefixed hex, at
  // most `max`; `default_value` if the platform does not set it.
  uint64_t get_uint(const std::string& key, uint64_t default_value,
                    uint64_t max = std::numeric_limits<uint64_t>::max());

  // Throws for the first parameter that no get_* call asked for.
  void reject_unknown() const;

  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::string device_;
  const ModelParams& params_;
  std::set<std::string> known_;
};

// Parses an unsigned integer, decimal or 0x-prefixed hex, with nothing
// around it (no sign, no spaces). False if `text` is not one or overflows.
bool parse_uint(const std::string& text, uint64_t& value);

}  // namespace loom::tlm_devices
