#pragma once
// Numeric command-line options, parsed as platform files write numbers
// (decimal or 0x hex: no sign, and a leading 0 is not octal) and checked
// against their range where they are parsed. A bad value is a usage error
// naming the option.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "loom/platforms/units.h"

namespace loom::cli {

template <typename Integer>
CLI::Option* add_number_option(CLI::App* app, const std::string& name, Integer& value, uint64_t low, uint64_t high,
                               const std::string& help) {
  CLI::Option* option = app->add_option_function<std::string>(
      name,
      [&value, name, low, high](const std::string& text) {
        uint64_t v = 0;
        try {
          v = platforms::parse_number(text);
        } catch (const platforms::UnitError& e) {
          throw CLI::ValidationError(name, fmt::format("{} (decimal or 0x hex)", e.what()));
        }
        if (v < low || v > high) throw CLI::ValidationError(name, fmt::format("{} is out of range ({}..{})", v, low, high));
        value = static_cast<Integer>(v);
      },
      help);
  option->default_str(std::to_string(value))->type_name("UINT");
  return option;
}

}  // namespace loom::cli
