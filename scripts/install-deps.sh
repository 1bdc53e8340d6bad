#!/usr/bin/env bash
# Installs every Debian 12 package Loom needs to build, test and benchmark.
# Idempotent and fast when everything is already present: it only calls
# apt-get when dpkg reports a package missing.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config
  # libraries
  libelf-dev libcli11-dev libfmt-dev libspdlog-dev libxbyak-dev
  # device servers and the bridge
  libsystemc-dev libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  # RTL co-simulation
  verilator
  openssl procps bc time
  # platforms and boot
  libyaml-cpp-dev libfdt-dev device-tree-compiler opensbi
  # tests and benchmarks; libFuzzer targets (scripts/fuzz.sh: clang-15, its libFuzzer, a symbolizer)
  libgtest-dev libgmock-dev libbenchmark-dev clang-15 libfuzzer-15-dev llvm
  # guest toolchain and oracle
  gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  qemu-system-misc
  # debugging: the GDB sessions of tests/debug and bench/gdb.sh
  gdb-multiarch
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages (${missing[*]}); run as root or install them with apt-get" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
