// The flattened device tree of a platform, written with libfdt's
// sequential-write API from the platform description (never a hand-written
// DTB), laid out like QEMU's `virt` so that stock OpenSBI and Linux boot.
#include "loom/platforms/device_tree.h"

#include "loom/cpu/interrupts.h"

#include <fmt/format.h>

#include <algorithm>

extern "C" {
#include <libfdt.h>
}

#include <stdexcept>
#include "loom/tlm_devices/type_names.h"

namespace loom::platforms {
namespace {

constexpr uint32_t kPlicPhandle = 0x100;
// The AIA's controllers: IMSIC M and S, APLIC M and S.
constexpr uint32_t kImsicPhandle[2] = {0x110, 0x111}, kAplicPhandle[2] = {0x112, 0x113};
constexpr uint32_t kLevelHigh = 4;  // the APLIC's second interrupt cell: IRQ_TYPE_LEVEL_HIGH

// Where wired interrupts go in the tree: the PLIC (one cell), or the APLIC
// domain Linux owns, the S-level one if there is one (two cells: the source
// and its trigger), as QEMU's virt with aia=aplic-imsic.
struct InterruptParent {
  uint32_t phandle;
  bool two_cells;
};
InterruptParent interrupt_parent(const PlatformDescription& p) {
  bool aplic_m = false, aplic_s = false;
  for (const DeviceDescription& d : p.devices) {
    if (d.type == kAplicType) (is_machine_level(d) ? aplic_m : aplic_s) = true;
  }
  if (aplic_s) return {kAplicPhandle[1], true};
  if (aplic_m) return {kAplicPhandle[0], true};
  return {kPlicPhandle, false};
}

std::vector<uint32_t> interrupt_cells(const InterruptParent& parent, const std::vector<uint32_t>& irqs) {
  std::vector<uint32_t> cells;
  for (uint32_t irq : irqs) {
    cells.push_back(irq);
    if (parent.two_cells) cells.push_back(kLevelHigh);
  }
  return cells;
}

constexpr uint32_t kSyscon = 0x101;
uint32_t cpu_intc_phandle(uint32_t hart) { return 1 + hart; }

// Thin checked wrapper: every libfdt error is a bug in this file or a full
// buffer, both worth a clear message.
class Writer {
 public:
  explicit Writer(size_t capacity) : blob_(capacity) { check(fdt_create(data(), static_cast<int>(capacity)), "create"); }
  void begin(const std::string& name) { check(fdt_begin_node(data(), name.c_str()), name.c_str()); }
  void end() { check(fdt_end_node(data()), "end node"); }
  void prop(const char* name, const std::string& value) {
    check(fdt_property_string(data(), name, value.c_str()), name);
  }
  void prop(const char* name) { check(fdt_property(data(), name, nullptr, 0), name); }
  void prop_u32(const char* name, uint32_t v) { check(fdt_property_u32(data(), name, v), name); }
  void cells(const char* name, const std::vector<uint32_t>& cells) {
    std::vector<fdt32_t> be;
    for (uint32_t c : cells) be.push_back(cpu_to_fdt32(c));
    check(fdt_property(data(), name, be.data(), static_cast<int>(be.size() * sizeof(fdt32_t))), name);
  }
  // A list of NUL-separated strings ("compatible").
  void strings(const char* name, const std::vector<std::string>& list) {
    std::string joined;
    for (const auto& s : list) joined += s + '\0';
    check(fdt_property(data(), name, joined.data(), static_cast<int>(joined.size())), name);
  }
  void reg(uint64_t base, uint64_t size) {
    cells("reg", {hi(base), lo(base), hi(size), lo(size)});
  }
  std::vector<uint8_t> finish() {
    check(fdt_finish(data()), "finish");
    blob_.resize(fdt_totalsize(data()));
    return blob_;
  }
  void reserve_map_done() { check(fdt_finish_reservemap(data()), "reserve map"); }

  static uint32_t hi(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
  static uint32_t lo(uint64_t v) { return static_cast<uint32_t>(v); }

 private:
  void* data() { return blob_.data(); }
  static void check(int result, const char* what) {
    if (result < 0) throw std::runtime_error(fmt::format("device tree: {}: {}", what, fdt_strerror(result)));
  }
  std::vector<uint8_t> blob_;
};

std::string node_name(const char* kind, uint64_t base) { return fmt::format("{}@{:x}", kind, base); }

void write_cpus(Writer& w, const PlatformDescription& p) {
  w.begin("cpus");
  w.prop_u32("#address-cells", 1);
  w.prop_u32("#size-cells", 0);
  w.prop_u32("timebase-frequency", static_cast<uint32_t>(p.timebase_hz));
  for (uint32_t h = 0; h < p.harts; ++h) {
    w.begin(fmt::format("cpu@{}", h));
    w.prop_u32("phandle", 0x200 + h);
    w.prop("device_type", "cpu");
    w.prop_u32("reg", h);
    w.prop("status", "okay");
    w.prop("compatible", "riscv");
    w.prop("riscv,isa", p.isa);
    w.prop("mmu-type", "riscv,sv48");
    w.begin("interrupt-controller");
    w.prop_u32("#interrupt-cells", 1);
    w.prop("interrupt-controller");
    w.prop("compatible", "riscv,cpu-intc");
    w.prop_u32("phandle", cpu_intc_phandle(h));
    w.end();
    w.end();
  }
  w.begin("cpu-map");
  w.begin("cluster0");
  for (uint32_t h = 0; h < p.harts; ++h) {
    w.begin(fmt::format("core{}", h));
    w.prop_u32("cpu", 0x200 + h);
    w.end();
  }
  w.end();
  w.end();
  w.end();
}

// The IMSIC files of one level across the harts, and the APLIC domains (the
// M domain delegates every source to the S one), as QEMU describes them.
void write_aia_device(Writer& w, const PlatformDescription& p, const DeviceDescription& d) {
  const bool m = is_machine_level(d);
  const unsigned level = m ? 0 : 1;
  std::vector<uint32_t> ext;
  for (uint32_t h = 0; h < p.harts; ++h) ext.insert(ext.end(), {cpu_intc_phandle(h), m ? 11u : 9u});
  if (d.type == kImsicType) {
    w.begin(node_name("imsics", d.base));
    w.prop("compatible", "riscv,imsics");
    w.prop_u32("#interrupt-cells", 0);
    w.prop("interrupt-controller");
    w.prop("msi-controller");
    w.cells("interrupts-extended", ext);
    w.reg(d.base, uint64_t{p.harts} * 0x1000);  // one page per hart
    w.prop_u32("riscv,num-ids", 255);
    w.prop_u32("riscv,ipi-id", 1);
    w.prop_u32("phandle", kImsicPhandle[level]);
    return;
  }
  w.begin(node_name("aplic", d.base));
  w.prop("compatible", "riscv,aplic");
  w.prop_u32("#interrupt-cells", 2);
  w.prop("interrupt-controller");
  const auto delivery = d.params.find("delivery");
  if (delivery == d.params.end() || delivery->second == "msi") {
    w.prop_u32("msi-parent", kImsicPhandle[level]);
  } else {
    w.cells("interrupts-extended", ext);
  }
  w.reg(d.base, d.size);
  w.prop_u32("riscv,num-sources", cpu::kVirtInterruptSources);
  const bool has_child = std::any_of(p.devices.begin(), p.devices.end(), [](const DeviceDescription& x) {
    return x.type == kAplicType && !is_machine_level(x);
  });
  if (m && has_child) {
    w.prop_u32("riscv,children", kAplicPhandle[1]);
    w.cells("riscv,delegate", {kAplicPhandle[1], 1, cpu::kVirtInterruptSources});
  }
  w.prop_u32("phandle", kAplicPhandle[level]);
}

// The host bridge as QEMU's virt describes it (same properties, so the same
// kernels find it): ECAM, the I/O, 32-bit and 64-bit memory ranges (CPU and
// bus addresses equal, I/O space from 0), and INTA-D of slots 0-3 onto the
// PLIC through the standard swizzle, repeated every four slots by the mask.
void write_pcie_host(Writer& w, const PlatformDescription& p, const DeviceDescription& d) {
  w.begin(node_name("pci", d.base));
  w.prop("compatible", "pci-host-ecam-generic");
  w.prop("device_type", "pci");
  w.prop_u32("#address-cells", 3);
  w.prop_u32("#size-cells", 2);
  w.prop_u32("#interrupt-cells", 1);
  w.prop_u32("linux,pci-domain", 0);
  w.cells("bus-range", {0, static_cast<uint32_t>((d.size >> 20) - 1)});
  w.prop("dma-coherent");
  w.reg(d.base, d.size);
  std::vector<uint32_t> ranges;
  const auto range = [&](uint32_t space, uint64_t bus, const AddressWindow& window) {
    if (window.size == 0) return;
    ranges.insert(ranges.end(), {space, Writer::hi(bus), Writer::lo(bus), Writer::hi(window.base),
                                 Writer::lo(window.base), Writer::hi(window.size), Writer::lo(window.size)});
  };
  range(0x01000000, 0, d.windows.pio);                        // I/O
  range(0x02000000, d.windows.mmio32.base, d.windows.mmio32);  // 32-bit memory
  range(0x03000000, d.windows.mmio64.base, d.windows.mmio64);  // 64-bit memory
  w.cells("ranges", ranges);
  w.cells("interrupt-map-mask", {0x1800, 0, 0, 7});
  const InterruptParent parent = interrupt_parent(p);
  std::vector<uint32_t> map;
  for (uint32_t slot = 0; slot < 4; ++slot) {
    const std::vector<uint32_t> irqs = pcie_intx_irqs(d, PcieSlot{0, slot, 0});
    for (uint32_t pin = 1; pin <= 4; ++pin) {
      map.insert(map.end(), {slot << 11, 0, 0, pin, parent.phandle, irqs[pin - 1]});
      if (parent.two_cells) map.push_back(kLevelHigh);
    }
  }
  w.cells("interrupt-map", map);
  const bool msi = std::any_of(p.devices.begin(), p.devices.end(), [](const DeviceDescription& x) {
    return x.type == kImsicType && !is_machine_level(x);
  });
  if (msi) w.prop_u32("msi-parent", kImsicPhandle[1]);  // MSIs land in the S-level IMSIC
}

// One node per device; the type decides the node's shape.
void write_device(Writer& w, const PlatformDescription& p, const DeviceDescription& d) {
  auto interrupts = [&] {
    if (d.irqs.empty()) return;
    const InterruptParent parent = interrupt_parent(p);
    w.prop_u32("interrupt-parent", parent.phandle);
    w.cells("interrupts", interrupt_cells(parent, d.irqs));
  };
  if (d.type == kClintType) {
    w.begin(node_name("clint", d.base));
    w.strings("compatible", {"sifive,clint0", "riscv,clint0"});
    w.reg(d.base, d.size);
    std::vector<uint32_t> ext;
    for (uint32_t h = 0; h < p.harts; ++h) {
      ext.insert(ext.end(), {cpu_intc_phandle(h), 3, cpu_intc_phandle(h), 7});  // MSI, MTI
    }
    w.cells("interrupts-extended", ext);
  } else if (d.type == kPlicType) {
    w.begin(node_name("plic", d.base));
    w.prop_u32("phandle", kPlicPhandle);
    w.strings("compatible", {"sifive,plic-1.0.0", "riscv,plic0"});
    w.reg(d.base, d.size);
    w.prop_u32("#interrupt-cells", 1);
    w.prop_u32("#address-cells", 0);
    w.prop("interrupt-controller");
    w.prop_u32("riscv,ndev", cpu::kVirtInterruptSources - 1);
    std::vector<uint32_t> ext;
    for (uint32_t h = 0; h < p.harts; ++h) {
      ext.insert(ext.end(), {cpu_intc_phandle(h), 11, cpu_intc_phandle(h), 9});  // M and S external
    }
    w.cells("interrupts-extended", ext);
  } else if (d.type == tlm_devices::type_names::kUart16550) {
    w.begin(node_name("serial", d.base));
    w.prop("compatible", "ns16550a");
    w.reg(d.base, d.size);
    w.prop_u32("clock-frequency", 3686400);
    interrupts();
  } else if (d.type == tlm_devices::type_names::kSifiveTest) {
    w.begin(node_name("test", d.base));
    w.prop_u32("phandle", kSyscon);
    w.strings("compatible", {"sifive,test1", "sifive,test0", "syscon"});
    w.reg(d.base, d.size);
    w.end();
    // Linux's generic syscon drivers do poweroff and reboot through it.
    w.begin("poweroff");
    w.prop("compatible", "syscon-poweroff");
    w.prop_u32("regmap", kSyscon);
    w.prop_u32("offset", 0);
    w.prop_u32("value", 0x5555);
    w.end();
    w.begin("reboot");
    w.prop("compatible", "syscon-reboot");
    w.prop_u32("regmap", kSyscon);
    w.prop_u32("offset", 0);
    w.prop_u32("value", 0x7777);
    return;  // the caller closes this node
  } else if (d.type == tlm_devices::type_names::kGoldfishRtc) {
    w.begin(node_name("rtc", d.base));
    w.prop("compatible", "google,goldfish-rtc");
    w.reg(d.base, d.size);
    interrupts();
  } else if (d.type == kImsicType || d.type == kAplicType) {
    write_aia_device(w, p, d);
  } else if (d.type == kPcieHostType) {
    write_pcie_host(w, p, d);
  } else if (d.type == tlm_devices::type_names::kVirtioBlk) {
    w.begin(node_name("virtio_mmio", d.base));
    w.prop("compatible", "virtio,mmio");
    w.reg(d.base, d.size);
    interrupts();
  } else {
    w.begin(node_name("device", d.base));
    w.prop("compatible", d.type);
    w.reg(d.base, d.size);
    interrupts();
  }
}

}  // namespace

std::vector<uint8_t> build_device_tree(const PlatformDescription& p, const DeviceTreeExtras& extras) {
  Writer w(64 * 1024);
  w.reserve_map_done();
  w.begin("");
  w.prop_u32("#address-cells", 2);
  w.prop_u32("#size-cells", 2);
  w.prop("compatible", "riscv-virtio");
  w.prop("model", fmt::format("loom,{}", p.name));

  w.begin("chosen");
  if (!p.boot.bootargs.empty()) w.prop("bootargs", p.boot.bootargs);
  if (const DeviceDescription* uart = p.find_device_of_type(tlm_devices::type_names::kUart16550)) {
    w.prop("stdout-path", fmt::format("/soc/serial@{:x}", uart->base));
  }
  if (extras.initrd_size) {
    const uint64_t start = p.boot.initrd_address, end = start + extras.initrd_size;
    w.cells("linux,initrd-start", {Writer::hi(start), Writer::lo(start)});
    w.cells("linux,initrd-end", {Writer::hi(end), Writer::lo(end)});
  }
  w.end();

  for (const MemoryRegion& m : p.memory) {
    w.begin(node_name("memory", m.base));
    w.prop("device_type", "memory");
    w.reg(m.base, m.size);
    w.end();
  }
  write_cpus(w, p);

  w.begin("soc");
  w.prop_u32("#address-cells", 2);
  w.prop_u32("#size-cells", 2);
  w.prop("compatible", "simple-bus");
  w.prop("ranges");
  for (const DeviceDescription& d : p.devices) {
    if (d.pcie) continue;  // found by enumeration, not in the tree
    write_device(w, p, d);
    w.end();
  }
  w.end();  // soc
  w.end();  // root
  return w.finish();
}

}  // namespace loom::platforms
