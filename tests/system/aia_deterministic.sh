#!/usr/bin/env bash
# aia_deterministic.sh LOOM PLATFORM LINUX_DIR HARTS [intx]: Linux 6.12 on
# the AIA board with both pci_endpoint_test functions, in batch mode
# (loomrun=, no console input): binds the driver, runs pcitest's MSI, MSI-X
# (4 vectors) and a copy signalled by MSI-X on each function (with `intx`:
# the driver's no_msi mode, legacy INTx through the APLIC, and a copy
# signalled by it; 6.12's handler never clears IRQ_RAISED, so the INTx
# pulse of the functions is what ends each interrupt), twice. Both runs must
# give the same console bytes and instruction counts (same_output.sh): wired
# lines through the APLIC, MSIs through the IMSIC, IPIs between HARTS harts
# and two device servers all land at the same simulated times.
# With SECOND_WITH=FLAG (e.g. --engine=interp) the second run adds FLAG: the
# same bytes and counts from another engine. Exits 77 (skipped) when the
# 6.12 kernel is not built.
set -u
loom=$1 platform=$2 linux=$3 harts=$4 mode=${5:-msi}
# shellcheck source=linux_images.sh
source "$(dirname "$0")/linux_images.sh"
require_linux_images "$linux" Image initramfs.cpio.gz
if [[ $mode == intx ]]; then
  each='for d in 0 1; do t=/dev/pci-endpoint-test.$d; pcitest -D $t -l && pcitest -D $t -c -s 65536 || exit 1; done'
  expect='LEGACY IRQ:	OKAY' options='pci_endpoint_test.no_msi=1'
else
  each='for d in 0 1; do t=/dev/pci-endpoint-test.$d; pcitest -D $t -m 1 && pcitest -D $t -i 2 || exit 1;'
  each+=' for v in 1 2 3 4; do pcitest -D $t -x $v || exit 1; done; pcitest -D $t -c -s 65536 || exit 1; done'
  expect='MSI-X4:		OKAY' options=
fi
batch="for id in 0001 0002; do echo 4c4d \$id > /sys/bus/pci/drivers/pci-endpoint-test/new_id; done; $each"
second=()
[[ -n ${SECOND_WITH:-} ]] && second=(--second-with "$SECOND_WITH")
exec "$(dirname "$0")/same_output.sh" "${second[@]}" --expect-stdout "$expect" --reject-stdout "NOT OKAY" \
  "$loom" run "$platform" --harts "$harts" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" --stats \
  --append "console=ttyS0 $options loomrun=\"$batch\""
