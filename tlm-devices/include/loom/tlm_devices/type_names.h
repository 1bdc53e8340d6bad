#pragma once
// The type names of the models in this library, as platform files and the
// bridge's handshake name them. No SystemC here: the CPU side (the platform
// loader, the device tree, `loom run`) refers to the same constants through
// loom::device_type_names, so each name is written once.

namespace loom::tlm_devices::type_names {

inline constexpr char kTestDevice[] = "loom,test-device";
inline constexpr char kUart16550[] = "ns16550a";
inline constexpr char kSifiveTest[] = "sifive,test1";
inline constexpr char kGoldfishRtc[] = "google,goldfish-rtc";
inline constexpr char kVirtioBlk[] = "loom,virtio-blk";
inline constexpr char kPciEndpointTest[] = "loom,pci-endpoint-test";

}  // namespace loom::tlm_devices::type_names
