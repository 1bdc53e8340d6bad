#!/usr/bin/env bash
# disk_vs_qemu.sh [BUILD_DIR] [RUNS] [MIB]: Linux reading its virtio disk
# (`dd if=/dev/vda of=/dev/null bs=1M`, MIB MiB of a sparse image, default
# 256) under Loom (the disk model in a device server, over each link) and
# under qemu-system-riscv64 -M virt, side by side, RUNS times each (default
# 3). Each run boots in batch mode twice, with the dd and with `true`; the
# difference of the two host times is the read, so boot time cancels out.
set -uo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-3}
mib=${3:-256}
loom=$build/cli/loom
linux=$build/linux
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in Image initramfs.cpio.gz; do
  [[ -f $linux/$f ]] || { echo "no $linux/$f: run scripts/build-linux.sh first"; exit 1; }
done
truncate -s "${mib}M" "$tmp/disk.img"

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"; exit} m=(NR+1)/2; if (m==int(m)) print v[m]; else print (v[int(m)]+v[int(m)+1])/2}'; }
seconds() {  # CMD...: host seconds the command took
  local start end
  start=$(date +%s%N)
  "$@" </dev/null >"$tmp/out" 2>&1 || { echo "failed: $*" >&2; tail -5 "$tmp/out" >&2; }
  end=$(date +%s%N)
  echo "($end - $start) / 1000000000" | bc -l
}
loom_run() {  # LINK COMMAND
  seconds "$loom" run "$root/platforms/virt.yaml" --kernel "$linux/Image" --initrd "$linux/initramfs.cpio.gz" \
    --disk "$tmp/disk.img" --link "$1" --append "console=ttyS0 quiet loomrun=\"$2\""
}
qemu_run() {  # COMMAND
  seconds qemu-system-riscv64 -M virt -m 512M -nographic -bios "$fw" -kernel "$linux/Image" \
    -initrd "$linux/initramfs.cpio.gz" -append "console=ttyS0 quiet loomrun=\"$1\"" \
    -drive "file=$tmp/disk.img,format=raw,if=none,id=hd0,snapshot=on" -device virtio-blk-device,drive=hd0
}
read_cmd="dd if=/dev/vda of=/dev/null bs=1M"
echo "virtio disk read, $mib MiB, $runs runs each, medians; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for who in loom-shm loom-grpc qemu; do : >"$tmp/$who"; done
for _ in $(seq "$runs"); do
  for who in loom-shm loom-grpc qemu; do
    case $who in
      loom-*) with=$(loom_run "${who#loom-}" "$read_cmd"); without=$(loom_run "${who#loom-}" true) ;;
      qemu) with=$(qemu_run "$read_cmd"); without=$(qemu_run true) ;;
    esac
    echo "$mib / ($with - $without)" | bc -l >>"$tmp/$who"
  done
done
for who in loom-shm loom-grpc qemu; do
  printf "%-12s %8.1f MiB per host second\n" "$who" "$(median <"$tmp/$who")"
done
printf "%-12s %8.2fx QEMU's throughput (target: within 2x, i.e. >= 0.5)\n" "loom-shm" \
  "$(echo "$(median <"$tmp/loom-shm") / $(median <"$tmp/qemu")" | bc -l)"
