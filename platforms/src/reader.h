#pragma once
// Reading YAML nodes of a platform file: every error names the file, the
// line and the field ("file:line: field: what").
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <string>

#include "loom/platforms/platform.h"
#include "loom/platforms/units.h"

namespace loom::platforms {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& what) const {
    throw PlatformError(fmt::format("{}:{}: {}: {}", file_, line(node), field, what));
  }
  int line(const YAML::Node& node) const { return node.Mark().line >= 0 ? node.Mark().line + 1 : 0; }

  void only_fields(const YAML::Node& map, const std::string& where, std::initializer_list<const char*> allowed) const {
    if (!map.IsMap()) fail(map, where, "expected a mapping of fields");
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) fail(kv.first, where, "expected a field name, not a list or mapping");
      const std::string key = kv.first.as<std::string>();
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(kv.first, where, fmt::format("unknown field '{}' (expected one of: {})", key, list));
      }
    }
  }
  std::string text(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) fail(node, field, "expected a value");
    return node.as<std::string>();
  }
  // Text that becomes a device-tree string, which a NUL would silently cut short.
  std::string device_tree_text(const YAML::Node& node, const std::string& field) const {
    std::string value = text(node, field);
    if (value.find('\0') != std::string::npos) {
      fail(node, field, "contains a NUL character (the device tree would end the string there)");
    }
    return value;
  }
  // A device, server or memory region name (is_valid_name).
  std::string name(const YAML::Node& node, const std::string& field) const {
    std::string value = text(node, field);
    if (!is_valid_name(value)) {
      fail(node, field, fmt::format("'{}' is not a name: a letter, then letters, digits, '_' or '-'", value));
    }
    return value;
  }
  template <typename Parse>
  uint64_t number(const YAML::Node& node, const std::string& field, Parse parse, const char* kind) const {
    try {
      return parse(text(node, field));
    } catch (const UnitError& e) {
      fail(node, field, fmt::format("{} (expected {})", e.what(), kind));
    }
  }
  // A number in [low, high].
  uint64_t bounded(const YAML::Node& node, const std::string& field, uint64_t low, uint64_t high) const {
    const uint64_t v = number(node, field, parse_number, "a number");
    if (v < low || v > high) fail(node, field, fmt::format("{} is out of range ({}..{})", v, low, high));
    return v;
  }
  uint64_t size(const YAML::Node& n, const std::string& f) const { return number(n, f, parse_size, "e.g. 0x1000 or 512MiB"); }
  uint64_t address(const YAML::Node& n, const std::string& f) const { return number(n, f, parse_size, "an address"); }
  uint64_t frequency(const YAML::Node& n, const std::string& f) const {
    return number(n, f, parse_frequency, "e.g. 10MHz");
  }
  uint64_t duration(const YAML::Node& n, const std::string& f) const {
    return number(n, f, parse_duration_ps, "e.g. 10us");
  }
  // An address range [base, base + size): not empty, not past 2^64.
  void region(const YAML::Node& size_node, const std::string& field, uint64_t base, uint64_t size) const {
    if (size == 0) fail(size_node, field, "must not be 0");
    if (base + (size - 1) < base) {
      fail(size_node, field, fmt::format("[{:#x}, +{:#x}) runs past the end of the 64-bit address space", base, size));
    }
  }
  // Paths are relative to the platform file; they must exist.
  std::string existing_file(const YAML::Node& node, const std::string& field) const {
    std::filesystem::path p = relative_to_file(node, field);
    if (!std::filesystem::is_regular_file(p)) fail(node, field, fmt::format("no such file: {}", p.string()));
    return p.string();
  }
  // A boot image: resolved like existing_file, but its existence is checked
  // by resolve(), once the command line's replacements are known.
  std::string image_path(const YAML::Node& node, const std::string& field, std::string& where) const {
    where = this->where(node, field);
    return relative_to_file(node, field).string();
  }
  std::string where(const YAML::Node& node, const std::string& field) const {
    return fmt::format("{}:{}: {}", file_, line(node), field);
  }
  const std::string& file() const { return file_; }

 private:
  std::filesystem::path relative_to_file(const YAML::Node& node, const std::string& field) const {
    std::filesystem::path p = text(node, field);
    if (p.is_relative()) p = std::filesystem::path(file_).parent_path() / p;
    return p;
  }
  std::string file_;
};

}  // namespace loom::platforms
