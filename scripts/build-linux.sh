#!/usr/bin/env bash
# Builds a small riscv64 Linux for Loom's `virt` board, from Debian 12 packages
# only (see docs/linux.md):
#
#   OUT_DIR/Image               Linux 6.1 (linux-source-6.1) configured from linux/loom_defconfig
#   OUT_DIR/vmlinux             the same kernel as an ELF with its symbols, for GDB (docs/debugging.md)
#   OUT_DIR/busybox             static busybox, built from Debian's busybox source package
#   OUT_DIR/dmacopy, pcitest    static tools: the RTL DMA example's, the kernel's PCI endpoint test
#   OUT_DIR/initramfs.cpio.gz   busybox + applet links + linux/initramfs/init + /usr/bin/{dmacopy,pcitest}
#   OUT_DIR/rootfs.img          16 MiB ext4 disk image with the files of linux/disk/
#
# Usage: scripts/build-linux.sh [OUT_DIR]      (default: build/linux, or build/linux-6.12)
#
# KERNEL=6.12 builds Linux 6.12 (linux-source-6.12) instead, for the AIA
# board (platforms/virt-aia.yaml): linux/loom_defconfig plus
# linux/aia.config-fragment (the IMSIC and APLIC drivers, PCI MSI).
#
# Run as root on Debian 12 the first time (it installs the packages it needs,
# and adds deb-src entries so that `apt-get source busybox` works). Idempotent
# and incremental: a step is skipped when its output is newer than its inputs.
# Environment: JOBS (default: nproc) parallel make jobs.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LINUX_DIR=$ROOT/linux                       # configs and initramfs sources
KVER=${KERNEL:-6.1}
[[ $KVER == 6.1 || $KVER == 6.12 ]] || { echo "build-linux: error: KERNEL=$KVER (6.1 or 6.12)" >&2; exit 1; }
if [[ $KVER == 6.1 ]]; then OUT=${1:-$ROOT/build/linux}; else OUT=${1:-$ROOT/build/linux-$KVER}; fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$OUT/work                              # sources and build trees
JOBS=${JOBS:-$(nproc)}
CROSS=riscv64-linux-gnu-
KSRC_TARBALL=/usr/src/linux-source-$KVER.tar.xz
KSRC=$WORK/linux-source-$KVER
KBUILD=$WORK/kbuild                         # kernel O= directory
DEFCONFIG=$LINUX_DIR/loom_defconfig
FRAGMENTS=()
[[ $KVER == 6.12 ]] && FRAGMENTS=("$LINUX_DIR/aia.config-fragment")
BB_FRAGMENT=$LINUX_DIR/busybox.config-fragment
# Fixed build identity, timestamps and disk UUID: the kernel banner and the
# initramfs do not depend on when or where they were built (console output is
# compared byte for byte in deterministic runs), the disk keeps one UUID.
EPOCH=1700000000
DISK_UUID=4c6f6f6d-7669-7274-6469-736b30303031
DISK_SIZE=16M

mkdir -p "$WORK"
if [[ -t 1 ]]; then B=$'\033[1m' N=$'\033[0m'; else B= N=; fi
log() { printf '%sbuild-linux:%s %s\n' "$B" "$N" "$*"; }
die() { printf 'build-linux: error: %s\n' "$*" >&2; exit 1; }
trap 'die "command failed (line $LINENO): $BASH_COMMAND"' ERR

# outdated OUTPUT INPUT... : true when OUTPUT is missing or older than an input.
outdated() {
  local out=$1; shift
  [[ -e $out ]] || return 0
  local in
  for in in "$@"; do
    [[ $in -nt $out ]] && return 0
  done
  return 1
}

# Step timing, reported at the end.
declare -a STEP_REPORT=()
step_begin() { STEP_NAME=$1; STEP_T0=$(date +%s); did=nothing; log "== $1"; }
note() { if [[ $did == nothing ]]; then did=$1; else did="$did, $1"; fi; }
step_end() {
  local dt=$(( $(date +%s) - STEP_T0 ))
  STEP_REPORT+=("$(printf '%-12s %4ds  %s' "$STEP_NAME" "$dt" "$1")")
}
T_START=$(date +%s)

as_root() {
  [[ $(id -u) -eq 0 ]] || die "$1: run this script as root once (or do it by hand), then again as any user"
}

# ---------------------------------------------------------------- 1. packages
# Debian packages, and deb-src entries for `apt-get source busybox`; one
# `apt-get update`, and only when something is missing.
step_begin packages
packages=(
  linux-source-$KVER
  gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu libc6-dev-riscv64-cross
  gcc libc6-dev make bc bison flex libssl-dev libelf-dev
  cpio xz-utils gzip dpkg-dev e2fsprogs
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
bb_src() { find "$WORK" -maxdepth 1 -type d -name 'busybox-*' -exec test -e '{}/.loom-unpacked' ';' -print | sort | tail -n1; }
BB_SRC=$(bb_src)
have_deb_src() {
  grep -Eqs '^[[:space:]]*deb-src[[:space:]]|^Types:.*deb-src' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources
}
need_src_entries=false
[[ -z $BB_SRC ]] && ! have_deb_src && need_src_entries=true
if $need_src_entries; then
  as_root "no deb-src entries in the APT sources (needed for 'apt-get source busybox')"
  # Same URIs/suites/components as the deb entries of the Debian 12 image's
  # deb822 file (deb.debian.org if there is none), with Types: deb-src.
  src_file=/etc/apt/sources.list.d/loom-deb-src.sources
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
         /(^|\n)Types:[^\n]*deb/ && !/(^|\n)Enabled:[[:space:]]*no/ {
           sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' \
      /etc/apt/sources.list.d/debian.sources > "$src_file.tmp"
  fi
  if [[ ! -s $src_file.tmp ]]; then
    printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
      'Suites: bookworm bookworm-updates' 'Components: main' \
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' > "$src_file.tmp"
  fi
  { echo "# Added by Loom's scripts/build-linux.sh for 'apt-get source busybox'."; cat "$src_file.tmp"; } > "$src_file"
  rm -f "$src_file.tmp"
  log "added $src_file"
  note "added deb-src entries"
fi
if ((${#missing[@]})) || $need_src_entries; then
  as_root "missing packages (${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}"
    note "installed ${missing[*]}"
  fi
fi
step_end "$did"

# ------------------------------------------------------------ busybox source
# Debian's source package (version of the configured suites), once.
step_begin bb-source
if [[ -z $BB_SRC ]]; then
  if ! apt-cache showsrc busybox 2>/dev/null | grep -q '^Package:'; then
    as_root "the APT source lists are not downloaded yet"
    apt-get update -q
  fi
  rm -rf "$WORK"/busybox-* "$WORK"/busybox_*
  (cd "$WORK" && apt-get source -q busybox) || die "apt-get source busybox failed"
  BB_SRC=$(find "$WORK" -maxdepth 1 -type d -name 'busybox-*' | sort | tail -n1)
  [[ -n $BB_SRC && -f $BB_SRC/Makefile ]] || die "apt-get source busybox left no busybox-* directory"
  # (not empty: busybox's distclean deletes empty files)
  echo "$(cd "$WORK" && ls busybox_*.dsc)" > "$BB_SRC/.loom-unpacked"
  note "apt-get source busybox -> ${BB_SRC##*/}"
fi
step_end "$did"

# ------------------------------------------------------------- 2. kernel
step_begin kernel
# Unpack (again when the linux-source package was upgraded).
if outdated "$KSRC/.loom-unpacked" "$KSRC_TARBALL"; then
  log "unpacking $KSRC_TARBALL"
  rm -rf "$KSRC" "$KBUILD"
  tar -C "$WORK" -xJf "$KSRC_TARBALL"
  echo "$KSRC_TARBALL $(dpkg-query -W -f='${Version}' "linux-source-$KVER")" > "$KSRC/.loom-unpacked"
  note unpacked
fi
kmake() {
  KBUILD_BUILD_USER=loom KBUILD_BUILD_HOST=debian KBUILD_BUILD_VERSION=1 \
  KBUILD_BUILD_TIMESTAMP="$(LC_ALL=C date -u -d "@$EPOCH")" \
    make -C "$KSRC" O="$KBUILD" ARCH=riscv CROSS_COMPILE=$CROSS "$@"
}
# Configure: the defconfig is minimal (savedefconfig output); olddefconfig
# fills in every other option with its default, exactly like `make defconfig`.
if outdated "$KBUILD/.config" "$DEFCONFIG" "${FRAGMENTS[@]}" "$KSRC/.loom-unpacked"; then
  log "configuring from ${DEFCONFIG#"$ROOT"/} ${FRAGMENTS[*]#"$ROOT"/}"
  mkdir -p "$KBUILD"
  cat "$DEFCONFIG" "${FRAGMENTS[@]}" > "$KBUILD/.config"
  kmake -s olddefconfig
  # Guard against an option silently dropped by Kconfig (missing dependency).
  for want in CONFIG_64BIT=y CONFIG_MMU=y CONFIG_FPU=y CONFIG_SMP=y CONFIG_SERIAL_8250=y \
      CONFIG_SERIAL_8250_CONSOLE=y CONFIG_SERIAL_OF_PLATFORM=y CONFIG_SIFIVE_PLIC=y \
      CONFIG_RISCV_TIMER=y CONFIG_VIRTIO_MMIO=y CONFIG_VIRTIO_BLK=y CONFIG_EXT4_FS=y \
      CONFIG_RTC_DRV_GOLDFISH=y CONFIG_POWER_RESET_SYSCON=y CONFIG_POWER_RESET_SYSCON_POWEROFF=y \
      CONFIG_DEVTMPFS=y CONFIG_DEVTMPFS_MOUNT=y CONFIG_BLK_DEV_INITRD=y CONFIG_RD_GZIP=y \
      CONFIG_PRINTK=y CONFIG_TMPFS=y CONFIG_UNIX98_PTYS=y CONFIG_SERIAL_EARLYCON_RISCV_SBI=y \
      CONFIG_DEVMEM=y CONFIG_PROC_PAGE_MONITOR=y CONFIG_PCI=y CONFIG_PCI_HOST_GENERIC=y \
      CONFIG_PCI_ENDPOINT_TEST=y; do
    grep -qx "$want" "$KBUILD/.config" || die "kernel config: $want did not survive olddefconfig"
  done
  # The fragment's options must survive too.
  for fragment in "${FRAGMENTS[@]}"; do
    while IFS= read -r line; do
      [[ $line =~ ^CONFIG_[A-Za-z0-9_]+=y$ ]] || continue
      grep -qx "$line" "$KBUILD/.config" || die "kernel config: $line (${fragment#"$ROOT"/}) did not survive olddefconfig"
    done < "$fragment"
  done
  for unwanted in CONFIG_MODULES CONFIG_NET CONFIG_USB_SUPPORT CONFIG_DRM CONFIG_SOUND \
      CONFIG_EFI CONFIG_KVM CONFIG_RISCV_ISA_SVPBMT CONFIG_RISCV_ISA_ZICBOM CONFIG_COMPAT; do
    ! grep -q "^$unwanted=" "$KBUILD/.config" || die "kernel config: $unwanted is enabled"
  done
  note configured
fi
if outdated "$OUT/Image" "$KBUILD/.config" "$KSRC/.loom-unpacked"; then
  log "building the kernel (make -j$JOBS Image); this takes a few minutes"
  kmake -j"$JOBS" Image > "$WORK/kernel-build.log" 2>&1 \
    || { tail -n 40 "$WORK/kernel-build.log" >&2; die "kernel build failed, see $WORK/kernel-build.log"; }
  cp "$KBUILD/arch/riscv/boot/Image" "$OUT/Image.tmp" && mv "$OUT/Image.tmp" "$OUT/Image"
  cp "$KBUILD/.config" "$OUT/linux.config"
  note "built Image"
fi
# The kernel's symbols for `gdb-multiarch vmlinux` (an Image built before
# the script kept it gets it now, without a rebuild).
if [[ -f $KBUILD/vmlinux ]] && outdated "$OUT/vmlinux" "$OUT/Image"; then
  cp "$KBUILD/vmlinux" "$OUT/vmlinux.tmp" && mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"
  note "kept vmlinux"
fi
step_end "$did"

# ------------------------------------------------------------- 3. busybox
step_begin busybox
bbmake() { make -C "$BB_SRC" ARCH=riscv CROSS_COMPILE=$CROSS "$@"; }
if outdated "$BB_SRC/.config" "$BB_FRAGMENT" "$BB_SRC/.loom-unpacked"; then
  log "configuring busybox: defconfig + ${BB_FRAGMENT#"$ROOT"/}"
  bbmake -s distclean > /dev/null
  bbmake -s defconfig > /dev/null
  # Apply the fragment: each CONFIG_X=... or '# CONFIG_X is not set' line
  # replaces that option's line in .config.
  while IFS= read -r line; do
    sym=
    if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)= ]]; then sym=${BASH_REMATCH[1]}
    elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then sym=${BASH_REMATCH[1]}
    fi
    [[ -n $sym ]] || continue
    sed -i -E "/^($sym=|# $sym is not set)/d" "$BB_SRC/.config"
    echo "$line" >> "$BB_SRC/.config"
  done < "$BB_FRAGMENT"
  { yes '' || true; } | bbmake -s oldconfig > /dev/null   # new options: defaults
  # Check that the fragment survived oldconfig.
  while IFS= read -r line; do
    [[ $line =~ ^CONFIG_ || $line =~ ^#\ CONFIG_.*is\ not\ set ]] || continue
    grep -qxF "$line" "$BB_SRC/.config" || die "busybox config: '$line' did not survive oldconfig"
  done < "$BB_FRAGMENT"
  note configured
fi
if outdated "$OUT/busybox" "$BB_SRC/.config"; then
  log "building busybox (static, ${CROSS}gcc)"
  bbmake -j"$JOBS" busybox > "$WORK/busybox-build.log" 2>&1 \
    || { tail -n 40 "$WORK/busybox-build.log" >&2; die "busybox build failed, see $WORK/busybox-build.log"; }
  # busybox.links (one /path/applet per line) is made by the install rule's helper.
  bbmake -s busybox.links > /dev/null 2>&1 || true
  [[ -s $BB_SRC/busybox.links ]] || die "busybox build made no busybox.links"
  cp "$BB_SRC/busybox.links" "$OUT/busybox.links"
  cp "$BB_SRC/.config" "$OUT/busybox.config"
  cp "$BB_SRC/busybox" "$OUT/busybox.tmp" && mv "$OUT/busybox.tmp" "$OUT/busybox"
  note "built busybox"
fi
step_end "$did"

# ------------------------------------------------------------- 4. tools
# Small static programs installed in the initramfs: dmacopy drives the RTL
# DMA engine of examples/rtl-dma from a shell; pcitest (the kernel's
# tools/pci) drives pci_endpoint_test devices (docs/pcie.md).
step_begin tools
TOOLS=(dmacopy pcitest)
# build_tool NAME SOURCE [CFLAGS...]: a static riscv64 program, rebuilt when its source changes.
build_tool() {
  local name=$1 source=$2; shift 2
  if outdated "$OUT/$name" "$source"; then
    ${CROSS}gcc -static -O2 -Wall "$@" -o "$OUT/$name.tmp" "$source"
    mv "$OUT/$name.tmp" "$OUT/$name"
    note "built $name"
  fi
}
build_tool dmacopy "$ROOT/examples/rtl-dma/linux/dmacopy.c" -Wextra -Werror
# The kernel's own PCI endpoint test tool; its ioctl header is the kernel's uapi.
mkdir -p "$WORK/pcitest-include/linux"
cp "$KSRC/include/uapi/linux/pcitest.h" "$WORK/pcitest-include/linux/pcitest.h"
build_tool pcitest "$KSRC/tools/pci/pcitest.c" -I"$WORK/pcitest-include"
step_end "$did"

# ------------------------------------------------------------- 5. initramfs
# Written with the kernel's own gen_init_cpio from a file list, so that no root
# privilege is needed for /dev/console and owners/timestamps are fixed.
step_begin initramfs
GEN_CPIO=$WORK/gen_init_cpio
if outdated "$GEN_CPIO" "$KSRC/.loom-unpacked"; then
  gcc -O2 -o "$GEN_CPIO" "$KSRC/usr/gen_init_cpio.c"
fi
mapfile -t init_inputs < <(find "$LINUX_DIR/initramfs")
tool_files=("${TOOLS[@]/#/$OUT/}")
if outdated "$OUT/initramfs.cpio.gz" "$OUT/busybox" "$OUT/busybox.links" "$GEN_CPIO" "${init_inputs[@]}" "${tool_files[@]}"; then
  # Files are staged with a fixed mtime (gen_init_cpio takes theirs).
  stage=$WORK/initramfs-files
  rm -rf "$stage" && mkdir -p "$stage"
  cp "$OUT/busybox" "$stage/busybox"
  for tool in "${TOOLS[@]}"; do cp "$OUT/$tool" "$stage/$tool"; done
  cp -a "$LINUX_DIR/initramfs/." "$stage/root/"
  find "$stage" -exec touch -h -d "@$EPOCH" '{}' +
  list=$WORK/initramfs.list
  {
    echo "# generated by scripts/build-linux.sh"
    for d in /bin /sbin /usr /usr/bin /usr/sbin /dev /proc /sys /mnt /tmp /root /etc; do
      echo "dir $d 0755 0 0"
    done
    echo "nod /dev/console 0600 0 0 c 5 1"
    echo "nod /dev/null 0666 0 0 c 1 3"
    echo "file /bin/busybox $stage/busybox 0755 0 0"
    for tool in "${TOOLS[@]}"; do echo "file /usr/bin/$tool $stage/$tool 0755 0 0"; done
    # linux/initramfs/ is copied as is (its init becomes /init).
    (cd "$stage/root" && find . -mindepth 1 | LC_ALL=C sort) | while IFS= read -r f; do
      p=${f#.}; src=$stage/root$p
      if [[ -d $src ]]; then echo "dir $p 0755 0 0"
      elif [[ -x $src ]]; then echo "file $p $src 0755 0 0"
      else echo "file $p $src 0644 0 0"
      fi
    done
    # Applet links, relative, as `busybox --install` would place them.
    while IFS= read -r link; do
      [[ $link == /bin/busybox ]] && continue
      case $link in
        /bin/*) target=busybox ;;
        /sbin/*) target=../bin/busybox ;;
        /usr/bin/*|/usr/sbin/*) target=../../bin/busybox ;;
        *) continue ;;
      esac
      echo "slink $link $target 0777 0 0"
    done < "$OUT/busybox.links"
  } > "$list"
  [[ -x $LINUX_DIR/initramfs/init ]] || die "linux/initramfs/init is missing or not executable"
  "$GEN_CPIO" -t "$EPOCH" "$list" | gzip -9n > "$OUT/initramfs.cpio.gz.tmp"
  mv "$OUT/initramfs.cpio.gz.tmp" "$OUT/initramfs.cpio.gz"
  did="written ($(grep -c '^slink' "$list") applet links)"
fi
step_end "$did"

# ------------------------------------------------------------- 6. disk image
# Rebuilt only when linux/disk/ changes: what the guest writes to it is kept.
step_begin disk
mapfile -t disk_inputs < <(find "$LINUX_DIR/disk")
if outdated "$OUT/rootfs.img" "${disk_inputs[@]}"; then
  stage=$WORK/disk-root
  rm -rf "$stage"
  cp -a "$LINUX_DIR/disk" "$stage"
  find "$stage" -exec touch -h -d "@$EPOCH" '{}' +
  rm -f "$OUT/rootfs.img.tmp"
  truncate -s "$DISK_SIZE" "$OUT/rootfs.img.tmp"
  E2FSPROGS_FAKE_TIME=$EPOCH mkfs.ext4 -q -F -L loom-disk -U "$DISK_UUID" \
    -E root_owner=0:0,hash_seed=$DISK_UUID -d "$stage" "$OUT/rootfs.img.tmp"
  mv "$OUT/rootfs.img.tmp" "$OUT/rootfs.img"
  did="written ($DISK_SIZE ext4)"
fi
step_end "$did"

# ------------------------------------------------------------- 7. report
rel() { local p=$1; [[ $p == "$ROOT"/* ]] && p=${p#"$ROOT"/}; echo "$p"; }
size() { du -h --apparent-size "$1" | cut -f1; }
echo
log "done in $(( $(date +%s) - T_START ))s"
printf '  %s\n' "${STEP_REPORT[@]}"
echo
echo "  $(rel "$OUT")/Image              $(size "$OUT/Image")  Linux $(cat "$KBUILD/include/config/kernel.release" 2>/dev/null || echo "$KVER")"
echo "  $(rel "$OUT")/initramfs.cpio.gz  $(size "$OUT/initramfs.cpio.gz")  busybox ${BB_SRC##*/busybox-} (static) + /init"
echo "  $(rel "$OUT")/rootfs.img         $(size "$OUT/rootfs.img")  ext4, /hello.txt"
echo
echo "Boot it under Loom:"
board=platforms/virt.yaml
[[ $KVER == 6.12 ]] && board=platforms/virt-aia.yaml  # (6.12 boots virt.yaml too)
echo "  loom run $board --kernel $(rel "$OUT")/Image --initrd $(rel "$OUT")/initramfs.cpio.gz --disk $(rel "$OUT")/rootfs.img"
