// VirtioBlk's snapshot: the transport's part, then the disk's.
#include "virtio-blk/virtio_blk.h"

namespace loom::tlm_devices::virtio_blk {

void VirtioBlk::save(state::StateWriter& out) const {
  save_transport(out);
  out.begin(type_name, 1);
  image_.save(out);
  out.end();
}

void VirtioBlk::restore(state::StateReader& in) {
  restore_transport(in);
  in.begin(type_name, 1);
  image_.restore(in);
  in.end();
}

}  // namespace loom::tlm_devices::virtio_blk
