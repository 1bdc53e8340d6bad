# Sourced by the Linux system tests: `require_linux_images DIR FILE...`
# ends the test as skipped (exit 77, one line saying how to build them)
# unless every FILE is in DIR, where scripts/build-linux.sh put its images
# (DIR named linux-6.12: KERNEL=6.12 scripts/build-linux.sh).
require_linux_images() {
  local dir=$1 f build=scripts/build-linux.sh
  shift
  [[ $(basename "$dir") == linux-6.12 ]] && build="KERNEL=6.12 $build"
  for f in "$@"; do
    if [[ ! -f $dir/$f ]]; then
      echo "SKIP: $dir/$f not found: build it with $build (see docs/linux.md)"
      exit 77
    fi
  done
}
