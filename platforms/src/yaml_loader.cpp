// Platform files: YAML -> PlatformDescription, with every error naming the
// file, the line and the field.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "loom/platforms/platform.h"
#include "loom/platforms/units.h"

namespace loom::platforms {
namespace {

constexpr uint32_t kPlicSources = 96;  // as QEMU virt: sources 1..95
constexpr uint64_t kRomSize = 0x1000;

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& what) const {
    const int line = node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    throw PlatformError(fmt::format("{}:{}: {}: {}", file_, line, field, what));
  }
  int line(const YAML::Node& node) const { return node.Mark().line + 1; }

  void only_fields(const YAML::Node& map, const std::string& where, std::initializer_list<const char*> allowed) const {
    if (!map.IsMap()) fail(map, where, "expected a mapping of fields");
    for (const auto& kv : map) {
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
  template <typename Parse>
  uint64_t number(const YAML::Node& node, const std::string& field, Parse parse, const char* kind) const {
    try {
      return parse(text(node, field));
    } catch (const UnitError& e) {
      fail(node, field, fmt::format("{} (expected {})", e.what(), kind));
    }
  }
  uint64_t size(const YAML::Node& n, const std::string& f) const { return number(n, f, parse_size, "e.g. 0x1000 or 512MiB"); }
  uint64_t address(const YAML::Node& n, const std::string& f) const { return number(n, f, parse_size, "an address"); }
  uint64_t frequency(const YAML::Node& n, const std::string& f) const {
    return number(n, f, parse_frequency, "e.g. 10MHz");
  }
  uint64_t duration(const YAML::Node& n, const std::string& f) const {
    return number(n, f, parse_duration_ps, "e.g. 10us");
  }
  // Paths are relative to the platform file; they must exist.
  std::string existing_file(const YAML::Node& node, const std::string& field) const {
    std::filesystem::path p = text(node, field);
    if (p.is_relative()) p = std::filesystem::path(file_).parent_path() / p;
    if (!std::filesystem::is_regular_file(p)) fail(node, field, fmt::format("no such file: {}", p.string()));
    return p.string();
  }
  // A boot image: resolved like existing_file, but its existence is checked
  // by resolve(), once the command line's replacements are known.
  std::string image_path(const YAML::Node& node, const std::string& field, std::string& where) const {
    std::filesystem::path p = text(node, field);
    if (p.is_relative()) p = std::filesystem::path(file_).parent_path() / p;
    where = fmt::format("{}:{}: {}", file_, line(node), field);
    return p.string();
  }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

void read_memory(const Reader& r, const YAML::Node& list, PlatformDescription& p) {
  if (!list.IsSequence()) r.fail(list, "memory", "expected a list of regions");
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    const std::string where = fmt::format("memory[{}]", i);
    r.only_fields(n, where, {"name", "base", "size"});
    if (!n["base"] || !n["size"]) r.fail(n, where, "needs base and size");
    MemoryRegion m{n["name"] ? r.text(n["name"], where + ".name") : fmt::format("ram{}", i),
                   r.address(n["base"], where + ".base"), r.size(n["size"], where + ".size")};
    if (m.size == 0) r.fail(n["size"], where + ".size", "must not be 0");
    p.memory.push_back(m);
  }
}

void read_servers(const Reader& r, const YAML::Node& list, PlatformDescription& p) {
  if (!list.IsSequence()) r.fail(list, "servers", "expected a list of servers");
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    const std::string where = fmt::format("servers[{}]", i);
    r.only_fields(n, where, {"name", "address", "token", "tls-ca", "tls-server-name"});
    if (!n["name"]) r.fail(n, where, "needs a name");
    ServerDescription s;
    s.name = r.text(n["name"], where + ".name");
    if (s.name == "local") r.fail(n["name"], where + ".name", "'local' means the CPU process; pick another name");
    if (n["address"]) s.address = r.text(n["address"], where + ".address");
    if (n["token"]) s.token = r.text(n["token"], where + ".token");
    if (n["tls-ca"]) s.tls_ca = r.existing_file(n["tls-ca"], where + ".tls-ca");
    if (n["tls-server-name"]) s.tls_server_name = r.text(n["tls-server-name"], where + ".tls-server-name");
    s.line = r.line(n);
    for (const auto& other : p.servers)
      if (other.name == s.name) r.fail(n["name"], where + ".name", fmt::format("server '{}' is declared twice", s.name));
    p.servers.push_back(s);
  }
}

PcieSlot read_pcie_slot(const Reader& r, const YAML::Node& n, const std::string& where) {
  if (!n.IsMap()) r.fail(n, where, "expected { slot: N } (and optionally function: F, bus: B)");
  r.only_fields(n, where, {"slot", "function", "bus"});
  if (!n["slot"]) r.fail(n, where, "needs 'slot'");
  const auto field = [&](const char* name, uint64_t limit) -> uint32_t {
    if (!n[name]) return 0;
    const uint64_t v = r.number(n[name], where + "." + name, parse_size, "a number");
    if (v > limit) r.fail(n[name], where + "." + name, fmt::format("{} is out of range (0..{})", v, limit));
    return static_cast<uint32_t>(v);
  };
  return PcieSlot{field("bus", 255), field("slot", 31), field("function", 7)};
}

PcieHostWindows read_host_windows(const Reader& r, const YAML::Node& n, const std::string& where) {
  if (!n.IsMap()) r.fail(n, where, "expected { mmio: [BASE, SIZE], mmio64: [BASE, SIZE], pio: [BASE, SIZE] }");
  r.only_fields(n, where, {"mmio", "mmio64", "pio"});
  PcieHostWindows w;
  const auto window = [&](const char* name, AddressWindow& out) {
    const YAML::Node& x = n[name];
    if (!x) return;
    if (!x.IsSequence() || x.size() != 2) r.fail(x, where + "." + name, "expected [BASE, SIZE]");
    out.base = r.address(x[0], where + "." + name);
    out.size = r.size(x[1], where + "." + name);
  };
  window("mmio", w.mmio32);
  window("mmio64", w.mmio64);
  window("pio", w.pio);
  return w;
}

void read_devices(const Reader& r, const YAML::Node& list, PlatformDescription& p,
                  const std::vector<std::string>& server_types) {
  if (!list.IsSequence()) r.fail(list, "devices", "expected a list of devices");
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    const std::string where = fmt::format("devices[{}]", i);
    r.only_fields(n, where,
                  {"name", "type", "base", "size", "irq", "server", "params", "plugin", "clock", "pcie", "windows"});
    const bool function = static_cast<bool>(n["pcie"]);
    for (const char* required : {"name", "type", "base", "size"}) {
      if (function && (required == std::string("base") || required == std::string("size"))) continue;
      if (!n[required]) r.fail(n, where, fmt::format("needs '{}'", required));
    }
    DeviceDescription d;
    d.name = r.text(n["name"], where + ".name");
    d.type = r.text(n["type"], where + ".type");
    d.line = r.line(n);
    if (function) {
      for (const char* field : {"base", "size", "irq"}) {
        if (n[field]) {
          r.fail(n[field], where + "." + field,
                 "a PCIe function has none: its BARs and INTx come from its slot and the guest");
        }
      }
      d.pcie = read_pcie_slot(r, n["pcie"], where + ".pcie");
    } else {
      d.base = r.address(n["base"], where + ".base");
      d.size = r.size(n["size"], where + ".size");
    }
    if (n["windows"]) {
      if (d.type != kPcieHostType) r.fail(n["windows"], where + ".windows", fmt::format("only a {} has windows", kPcieHostType));
      d.windows = read_host_windows(r, n["windows"], where + ".windows");
    }
    // A plugin brings its own type (the device server checks that it does).
    if (n["plugin"]) d.params["plugin"] = r.existing_file(n["plugin"], where + ".plugin");
    if (n["clock"]) {
      r.frequency(n["clock"], where + ".clock");  // checked here; the model reads the text
      d.params["clock"] = r.text(n["clock"], where + ".clock");
    }
    const bool local = is_local_device_type(d.type);
    if (local && n["plugin"]) r.fail(n["plugin"], where + ".plugin", fmt::format("{} is built in", d.type));
    if (!local && !n["plugin"] &&
        std::find(server_types.begin(), server_types.end(), d.type) == server_types.end()) {
      std::string known;
      for (const auto& t : local_device_types()) known += (known.empty() ? "" : ", ") + t;
      for (const auto& t : server_types) known += ", " + t;
      r.fail(n["type"], where + ".type", fmt::format("unknown device type '{}' (known: {})", d.type, known));
    }
    d.server = n["server"] ? r.text(n["server"], where + ".server") : "local";
    if (local && d.server != "local") {
      r.fail(n["server"], where + ".server", fmt::format("{} lives in the CPU process: server must be 'local'", d.type));
    }
    if (!local && d.server == "local") {
      r.fail(n, where + ".server", fmt::format("{} is a SystemC model: name the device server that hosts it", d.type));
    }
    if (!local && std::none_of(p.servers.begin(), p.servers.end(), [&](const auto& s) { return s.name == d.server; })) {
      r.fail(n["server"], where + ".server", fmt::format("no server named '{}' in servers:", d.server));
    }
    if (n["irq"]) {
      const YAML::Node& irq = n["irq"];
      std::vector<YAML::Node> items;
      if (irq.IsSequence()) {
        for (const auto& x : irq) items.push_back(x);
      } else {
        items.push_back(irq);
      }
      for (const YAML::Node& x : items) {
        const uint64_t v = r.number(x, where + ".irq", parse_size, "an interrupt number");
        if (v == 0 || v >= kPlicSources) {
          r.fail(x, where + ".irq", fmt::format("interrupt {} is out of range (1..{})", v, kPlicSources - 1));
        }
        d.irqs.push_back(static_cast<uint32_t>(v));
      }
    }
    if (n["params"] && !n["params"].IsMap()) r.fail(n["params"], where + ".params", "expected KEY: VALUE pairs");
    for (const auto& other : p.devices) {
      if (other.name == d.name) r.fail(n["name"], where + ".name", fmt::format("device '{}' is declared twice", d.name));
      if (d.pcie && other.pcie && other.pcie->bus == d.pcie->bus && other.pcie->device == d.pcie->device &&
          other.pcie->function == d.pcie->function) {
        r.fail(n["pcie"], where + ".pcie",
               fmt::format("bus {} slot {} function {} is already {}'s (line {})", d.pcie->bus, d.pcie->device,
                           d.pcie->function, other.name, other.line));
      }
    }
    if (d.pcie && local) r.fail(n["pcie"], where + ".pcie", fmt::format("{} is not a PCIe function", d.type));
    p.devices.push_back(d);
  }
}

void read_boot(const Reader& r, const YAML::Node& n, PlatformDescription& p) {
  r.only_fields(n, "boot", {"rom", "firmware", "firmware-address", "kernel", "kernel-address", "initrd",
                            "initrd-address", "dtb-address", "bootargs"});
  BootDescription& b = p.boot;
  if (n["rom"]) b.rom_base = r.address(n["rom"], "boot.rom");
  if (n["firmware"]) b.firmware = r.image_path(n["firmware"], "boot.firmware", b.firmware_where);
  if (n["firmware-address"]) b.firmware_address = r.address(n["firmware-address"], "boot.firmware-address");
  if (n["kernel"]) b.kernel = r.image_path(n["kernel"], "boot.kernel", b.kernel_where);
  if (n["kernel-address"]) b.kernel_address = r.address(n["kernel-address"], "boot.kernel-address");
  if (n["initrd"]) b.initrd = r.image_path(n["initrd"], "boot.initrd", b.initrd_where);
  if (n["initrd-address"]) b.initrd_address = r.address(n["initrd-address"], "boot.initrd-address");
  if (n["dtb-address"]) b.dtb_address = r.address(n["dtb-address"], "boot.dtb-address");
  if (n["bootargs"]) b.bootargs = r.text(n["bootargs"], "boot.bootargs");
}

// Params may need the file's directory (disk images): resolve "image".
void read_device_params(const Reader& r, const YAML::Node& list, PlatformDescription& p) {
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& params = list[i]["params"];
    if (!params) continue;
    for (const auto& kv : params) {
      const std::string key = kv.first.as<std::string>();
      const std::string field = fmt::format("devices[{}].params.{}", i, key);
      p.devices[i].params[key] = key == "image" ? r.existing_file(kv.second, field) : r.text(kv.second, field);
    }
  }
}

struct Region {
  std::string what;
  uint64_t base, size;
  int line;
};

void check_overlaps(const PlatformDescription& p) {
  std::vector<Region> regions;
  regions.push_back({"boot ROM", p.boot.rom_base, kRomSize, 0});
  for (const auto& m : p.memory) regions.push_back({"memory " + m.name, m.base, m.size, 0});
  for (const auto& d : p.devices) {
    if (d.pcie) continue;
    regions.push_back({"device " + d.name, d.base, d.size, d.line});
    if (d.type == kPcieHostType) {
      regions.push_back({"device " + d.name + "'s 32-bit memory window", d.windows.mmio32.base, d.windows.mmio32.size, d.line});
      regions.push_back({"device " + d.name + "'s 64-bit memory window", d.windows.mmio64.base, d.windows.mmio64.size, d.line});
      regions.push_back({"device " + d.name + "'s I/O window", d.windows.pio.base, d.windows.pio.size, d.line});
    }
  }
  for (size_t i = 0; i < regions.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Region& a = regions[i];
      const Region& b = regions[j];
      if (a.base < b.base + b.size && b.base < a.base + a.size) {
        throw PlatformError(fmt::format("{}:{}: {} [{:#x}, {:#x}) overlaps {} [{:#x}, {:#x})", p.file,
                                        std::max(a.line, b.line), a.what, a.base, a.base + a.size, b.what, b.base,
                                        b.base + b.size));
      }
    }
  }
}

// The AIA's devices: at most one of each kind per level, the IMSIC pages
// one per hart, an S-level APLIC only under an M-level one, MSI delivery
// only with IMSICs.
void check_aia(const PlatformDescription& p) {
  std::map<std::string, const DeviceDescription*> seen;
  bool imsics = false;
  for (const DeviceDescription& d : p.devices) {
    if (d.type != kImsicType && d.type != kAplicType) continue;
    const auto fail = [&](const std::string& what) {
      throw PlatformError(fmt::format("{}:{}: device {}: {}", p.file, d.line, d.name, what));
    };
    for (const auto& [key, value] : d.params) {
      if (key == "level" && value != "m" && value != "s") fail("params.level must be m or s");
      if (key == "delivery" && (d.type != kAplicType || (value != "msi" && value != "direct"))) {
        fail("params.delivery (an APLIC's) must be msi or direct");
      }
      if (key != "level" && key != "delivery") fail(fmt::format("unknown parameter '{}' (level, delivery)", key));
    }
    const std::string key = d.type + (is_machine_level(d) ? "/m" : "/s");
    if (!seen.emplace(key, &d).second) fail(fmt::format("a second {} at {} level", d.type, is_machine_level(d) ? "machine" : "supervisor"));
    if (d.type == kImsicType) imsics = true;  // its size (one 4 KiB page per hart) is checked once harts are known
  }
  if (seen.count(std::string(kImsicType) + "/m") != seen.count(std::string(kImsicType) + "/s")) {
    throw PlatformError(fmt::format("{}: devices: IMSICs come in pairs, one at each level", p.file));
  }
  if (seen.count(std::string(kAplicType) + "/s") && !seen.count(std::string(kAplicType) + "/m")) {
    throw PlatformError(fmt::format("{}: devices: an S-level APLIC needs the M-level one", p.file));
  }
  for (const auto& [key, d] : seen) {
    const auto it = d->params.find("delivery");
    if (d->type == kAplicType && (it == d->params.end() || it->second == "msi") && !imsics) {
      throw PlatformError(fmt::format("{}:{}: device {}: MSI delivery needs riscv,imsics devices (or params.delivery: direct)",
                                      p.file, d->line, d->name));
    }
  }
}

}  // namespace

PlatformDescription load_platform(const std::string& path, const std::vector<std::string>& device_types) {
  Reader r(path);
  if (!std::filesystem::is_regular_file(path)) throw PlatformError(fmt::format("{}: no such platform file", path));
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw PlatformError(fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
  }
  PlatformDescription p;
  p.file = path;
  r.only_fields(root, "platform", {"name", "harts", "isa", "clock", "timebase", "quantum", "skip-idle", "memory",
                                   "servers", "devices", "boot"});
  p.name = root["name"] ? r.text(root["name"], "name") : std::filesystem::path(path).stem().string();
  if (root["harts"]) {
    const uint64_t harts = r.number(root["harts"], "harts", parse_size, "a number of harts");
    if (harts == 0 || harts > 64) r.fail(root["harts"], "harts", "must be between 1 and 64");
    p.harts = static_cast<uint32_t>(harts);
  }
  if (root["isa"]) p.isa = r.text(root["isa"], "isa");
  if (root["clock"]) p.clock_hz = r.frequency(root["clock"], "clock");
  if (root["timebase"]) p.timebase_hz = r.frequency(root["timebase"], "timebase");
  if (root["quantum"]) p.quantum_ps = r.duration(root["quantum"], "quantum");
  if (root["skip-idle"]) {
    const std::string v = r.text(root["skip-idle"], "skip-idle");
    if (v != "true" && v != "false") r.fail(root["skip-idle"], "skip-idle", "expected true or false");
    p.skip_idle = v == "true";
  }
  if (!root["memory"]) r.fail(root, "memory", "a platform needs memory");
  read_memory(r, root["memory"], p);
  if (root["servers"]) read_servers(r, root["servers"], p);
  if (root["devices"]) {
    read_devices(r, root["devices"], p, device_types);
    read_device_params(r, root["devices"], p);
  }
  if (root["boot"]) read_boot(r, root["boot"], p);
  check_overlaps(p);
  const auto count = [&](const std::function<bool(const DeviceDescription&)>& match) {
    return std::count_if(p.devices.begin(), p.devices.end(), match);
  };
  const auto of_type = [&](const char* type) { return count([&](const auto& d) { return d.type == type; }); };
  if (of_type("riscv,clint0") != 1) {
    throw PlatformError(fmt::format("{}: devices: a platform needs exactly one riscv,clint0 (found {})", path,
                                    of_type("riscv,clint0")));
  }
  check_aia(p);
  if (of_type("sifive,plic-1.0.0") + of_type(kAplicType) == 0 || (of_type("sifive,plic-1.0.0") > 0) == (of_type(kAplicType) > 0) ||
      of_type("sifive,plic-1.0.0") > 1) {
    throw PlatformError(fmt::format("{}: devices: a platform needs one sifive,plic-1.0.0, or riscv,aplic domains "
                                    "(found {} PLICs and {} APLICs)",
                                    path, of_type("sifive,plic-1.0.0"), of_type(kAplicType)));
  }
  const auto hosts = std::count_if(p.devices.begin(), p.devices.end(), [](const auto& d) { return d.type == kPcieHostType; });
  const DeviceDescription* host = p.find_device_of_type(kPcieHostType);
  for (const DeviceDescription& d : p.devices) {
    if (d.type == kPcieHostType && d.irqs.size() != 4) {
      throw PlatformError(fmt::format("{}:{}: device {}: a host bridge needs irq: [INTA, INTB, INTC, INTD]", path,
                                      d.line, d.name));
    }
    if (d.type == kPcieHostType && hosts > 1) {
      throw PlatformError(fmt::format("{}:{}: device {}: a platform has at most one {}", path, d.line, d.name,
                                      kPcieHostType));
    }
    if (d.pcie && !host) {
      throw PlatformError(fmt::format("{}:{}: device {}: a PCIe function needs a {} device", path, d.line, d.name,
                                      kPcieHostType));
    }
    if (d.pcie && host && (uint64_t{d.pcie->bus} + 1) << 20 > host->size) {
      throw PlatformError(fmt::format("{}:{}: device {}: bus {} is beyond {}'s ECAM window ({} buses)", path, d.line,
                                      d.name, d.pcie->bus, host->name, host->size >> 20));
    }
  }
  return p;
}

bool is_local_device_type(const std::string& type) {
  const auto types = local_device_types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::vector<std::string> local_device_types() {
  return {"riscv,clint0", "sifive,plic-1.0.0", kPcieHostType, kImsicType, kAplicType};
}

bool is_machine_level(const DeviceDescription& d) {
  const auto it = d.params.find("level");
  return it == d.params.end() || it->second == "m";
}

const DeviceDescription* wired_interrupt_controller(const PlatformDescription& p) {
  for (const DeviceDescription& d : p.devices) {
    if (d.type == "sifive,plic-1.0.0" || (d.type == kAplicType && is_machine_level(d))) return &d;
  }
  return nullptr;
}

std::vector<uint32_t> pcie_intx_irqs(const DeviceDescription& host, const PcieSlot& slot) {
  std::vector<uint32_t> irqs;
  for (uint32_t pin = 0; pin < 4; ++pin) irqs.push_back(host.irqs[(pin + slot.device) % 4]);
  return irqs;
}

const DeviceDescription* PlatformDescription::find_device_of_type(const std::string& type) const {
  for (const auto& d : devices)
    if (d.type == type) return &d;
  return nullptr;
}

}  // namespace loom::platforms
