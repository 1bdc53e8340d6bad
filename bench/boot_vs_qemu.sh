#!/usr/bin/env bash
# boot_vs_qemu.sh [BUILD_DIR] [RUNS]: the same OpenSBI and payloads booted
# under Loom (UART, power device, RTC, disk in a SystemC device server) and
# under qemu-system-riscv64 -M virt, side by side, RUNS times each (default
# 3), alternating. Reports medians of wall time to each milestone, the peak
# memory of every process, and Loom's own split of its time.
#   1. OpenSBI + examples/sbi-demo: boot to power-off.
#   2. Linux (if scripts/build-linux.sh has run): boot to userspace (the
#      init script's last line before the shell prompt) and to power-off
#      after `poweroff -f` typed at the prompt.
# LOOM_ENGINE=jit|interp|audit runs Loom with `--engine $LOOM_ENGINE`;
# unset or empty, no --engine is passed (Loom's default engine).
set -uo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
loom=$build/cli/loom
engine_args=()
[[ -n ${LOOM_ENGINE:-} ]] && engine_args=(--engine "$LOOM_ENGINE")
engine_label=${LOOM_ENGINE:-Loom\'s default, no --engine}
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
linux=$build/linux
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"; exit} m=(NR+1)/2; if (m==int(m)) print v[m]; else print (v[int(m)]+v[int(m)+1])/2}'; }

# run_timed LABEL MILESTONE... -- CMD...: runs CMD with stdin from $tmp/input
# (fed after the prompt appears), records ms from start to the first output
# line containing each milestone, and to exit. Peak RSS via GNU time.
run_timed() {
  local label=$1; shift
  local milestones=()
  while [[ $1 != -- ]]; do milestones+=("$1"); shift; done
  shift
  local start out=$tmp/$label.out feeder=
  : >"$out"
  # Input is typed only once the shell prompt is on the console, as a user
  # would: bytes sent earlier are lost while the UART driver initialises.
  rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"
  ( if [[ -s $tmp/$label.in ]]; then
      until grep -qF "try: cat /mnt/hello.txt" "$out"; do sleep 0.05; done
      sleep 0.5  # the prompt follows that line
      cat "$tmp/$label.in"
    fi
    sleep 600 ) >"$tmp/fifo" &
  feeder=$!
  start=$(now_ms)
  {
    /usr/bin/time -f "peak_kib %M" timeout 300 "$@" 2>"$tmp/$label.err" <"$tmp/fifo" |
      while IFS= read -r line; do printf '%s %s\n' "$(now_ms)" "$line"; done
  } >>"$out"
  local end
  end=$(now_ms)
  pkill -P "$feeder" 2>/dev/null; kill "$feeder" 2>/dev/null; wait "$feeder" 2>/dev/null
  for m in "${milestones[@]}"; do
    local t
    t=$(grep -F -m1 -- "$m" "$out" | cut -d' ' -f1)
    echo $(( ${t:-$end} - start )) >>"$tmp/$label.$(echo "$m" | tr -c 'a-zA-Z0-9' _)"
  done
  echo $(( end - start )) >>"$tmp/$label.exit"
  sed -n 's/^peak_kib \([0-9]*\)$/\1/p' "$tmp/$label.err" | tail -1 >>"$tmp/$label.peak"
}

report() {  # LABEL MILESTONE...
  local label=$1; shift
  for m in "$@"; do
    printf "  %-10s %-34s %8s ms\n" "$label" "to '$m'" "$(median <"$tmp/$label.$(echo "$m" | tr -c 'a-zA-Z0-9' _)")"
  done
  printf "  %-10s %-34s %8s ms   peak RSS %s MiB\n" "$label" "to exit" "$(median <"$tmp/$label.exit")" \
    "$(( $(median <"$tmp/$label.peak" | cut -d. -f1) / 1024 ))"
}

echo "boot benchmarks: $runs runs each, medians of wall time; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Loom engine: $engine_label"

# ---- 1. OpenSBI + sbi-demo ---------------------------------------------------
: >"$tmp/loom-sbi.in"; : >"$tmp/qemu-sbi.in"
# Loom's split comes from one extra run with --stats (its JIT transition
# counters cost a few per cent): the timed runs are plain `loom run`.
run_timed loom-sbi-stats "Power off" -- "$loom" run "$root/platforms/virt.yaml" --kernel "$build/examples/sbi-demo.bin" \
  --stats "${engine_args[@]}"
cp "$tmp/loom-sbi-stats.err" "$tmp/loom-sbi.stats"
for _ in $(seq "$runs"); do
  run_timed loom-sbi "Power off" -- "$loom" run "$root/platforms/virt.yaml" --kernel "$build/examples/sbi-demo.bin" \
    "${engine_args[@]}"
  run_timed qemu-sbi "Power off" -- qemu-system-riscv64 -M virt -m 512M -nographic -bios "$fw" \
    -kernel "$build/examples/sbi-demo.bin"
done
echo
echo "OpenSBI + sbi-demo, boot to power-off (Loom engine: $engine_label):"
report loom-sbi "Power off"
report qemu-sbi "Power off"
echo "  Loom's split (the --stats run):"
grep -E "host time|guest execution|time waiting|reads|syncs|peak memory" "$tmp/loom-sbi.stats" | sed 's/^/    /'

# ---- 2. Linux --------------------------------------------------------------------
if [[ ! -f $linux/Image ]]; then
  echo
  echo "Linux: skipped ($linux/Image not built: run scripts/build-linux.sh)"
  exit 0
fi
# Typed once the shell is up: the input waits in the console until then.
printf 'poweroff -f\n' >"$tmp/loom-linux.in"
cp "$tmp/loom-linux.in" "$tmp/qemu-linux.in"
cp "$tmp/loom-linux.in" "$tmp/loom-linux-stats.in"
run_timed loom-linux-stats "try: cat /mnt/hello.txt" -- "$loom" run "$root/platforms/virt.yaml" --kernel "$linux/Image" \
  --initrd "$linux/initramfs.cpio.gz" --disk "$linux/rootfs.img" --stats "${engine_args[@]}"
cp "$tmp/loom-linux-stats.err" "$tmp/loom-linux.stats"
for _ in $(seq "$runs"); do
  run_timed loom-linux "try: cat /mnt/hello.txt" -- "$loom" run "$root/platforms/virt.yaml" --kernel "$linux/Image" \
    --initrd "$linux/initramfs.cpio.gz" --disk "$linux/rootfs.img" "${engine_args[@]}"
  run_timed qemu-linux "try: cat /mnt/hello.txt" -- qemu-system-riscv64 -M virt -m 512M -nographic -bios "$fw" \
    -kernel "$linux/Image" -initrd "$linux/initramfs.cpio.gz" -append "console=ttyS0 earlycon=sbi" \
    -drive "file=$linux/rootfs.img,format=raw,if=none,id=hd0,snapshot=on" -device virtio-blk-device,drive=hd0
done
echo
echo "Linux 6.1 + busybox, boot to the shell prompt and to power-off (Loom engine: $engine_label):"
report loom-linux "try: cat /mnt/hello.txt"
report qemu-linux "try: cat /mnt/hello.txt"
echo "  Loom's split (the --stats run):"
grep -E "instructions retired|host time|guest execution|time waiting|reads|syncs|DMA|peak memory" \
  "$tmp/loom-linux.stats" | sed 's/^/    /'
