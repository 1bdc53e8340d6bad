#pragma once
// The AIA's Incoming MSI Controller (riscv,imsics), as QEMU's virt places
// it with aia=aplic-imsic: one interrupt file per hart and privilege level
// (M and S), each with a 4 KiB page of MMIO whose `seteipnum_le` register
// (offset 0) makes an identity pending: the doorbell that MSIs from devices
// write. Everything else of a file is reached through the hart's
// *iselect/*ireg/*topei CSRs (priv/csr_aia.cpp).
//
// A file asserts its hart's external interrupt line (MEI for an M file,
// SEI for an S file) while delivery is on and some identity is pending,
// enabled and below the threshold.

#include <cstdint>
#include <string>
#include <vector>

#include "loom/cpu/bus.h"
#include "loom/cpu/interrupts.h"

namespace loom::cpu {

namespace imsic_select {  // indirect register numbers (*iselect)
constexpr unsigned eidelivery = 0x70, eithreshold = 0x72, eip0 = 0x80, eip63 = 0xbf, eie0 = 0xc0, eie63 = 0xff;
}

class InterruptFile {
 public:
  // `identities`: 63, 127, ... 2047 (a multiple of 64, less one).
  InterruptFile(unsigned identities, InterruptSink& sink, uint32_t hart_id, unsigned mip_bit);

  // A write of `id` to seteipnum: ignored unless 1 <= id <= identities.
  void set_pending(uint64_t id);
  // The highest-priority (lowest-numbered) identity pending and enabled
  // below the threshold, as (id << 16 | id); 0 if none.
  uint32_t topei() const;
  // A write to *topei: that identity is no longer pending.
  void claim_top();
  // An indirect register (RV64: even eipN/eieN only; those past the last
  // identity and the reserved 0x71, 0x73-0x7f read zero and ignore writes).
  // False: no such register, the access is an illegal instruction.
  bool read(unsigned select, uint64_t& value) const;
  bool write(unsigned select, uint64_t value);

  void reset();
  unsigned identities() const { return identities_; }
  void save(StateWriter& out) const;
  void restore(StateReader& in);

 private:
  bool array_word(unsigned select, std::vector<uint64_t>*& array, unsigned& word);
  void update();

  unsigned identities_;
  InterruptSink& sink_;
  uint32_t hart_id_;
  unsigned mip_bit_;
  bool delivery_ = false;
  uint32_t threshold_ = 0;
  std::vector<uint64_t> pending_, enabled_;  // bit i of word w: identity 64w + i (identity 0 does not exist)
  bool line_ = false;
};

// The MMIO side of one privilege level's files: page h is hart h's.
class Imsic : public Device {
 public:
  Imsic(std::string name, uint32_t num_harts, bool machine_level, unsigned identities, InterruptSink& sink);
  const std::string& name() const override { return name_; }
  // 4-byte accesses only (anything else faults); reads return 0.
  bool read(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) override;

  InterruptFile& file(uint32_t hart) { return files_[hart]; }
  uint64_t aperture_size() const { return uint64_t{files_.size()} * kPageSize; }
  void reset();
  void save(StateWriter& out) const override;
  void restore(StateReader& in) override;

  static constexpr uint64_t kPageSize = 0x1000;

 private:
  std::string name_;
  std::vector<InterruptFile> files_;
};

}  // namespace loom::cpu
