# shellcheck shell=bash
# Shared by tools/run and tools/test (sourced, not executed): the build and serve steps in one place.
# Callers set `set -euo pipefail` and DL_TOOL (the prefix of log lines).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sample_dir="$root/build/sample"
site_dir="$root/build/web/site"
# Every emcc/em++ call needs acorn from Debian's node modules (see docs/toolchain notes).
export NODE_PATH=/usr/share/nodejs

log() { printf '[%s] %s\n' "${DL_TOOL:-tools}" "$*" >&2; }

# build_preset PRESET [TARGET...]: configure and build (all targets unless some are named).
# Configure is cheap when build/<preset> exists (about 2 s) and picks up edits to the presets; the build is
# incremental.
build_preset() {
  local preset=$1
  shift
  (cd "$root" && cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset" ${1:+--target "$@"})
}
# What the page needs from the web preset (the WASM core tests are built by tools/test only).
# shellcheck disable=SC2034  # used by the scripts that source this file
page_targets=(app worker_core site site_st)

# Real MNIST in Kaggle's CSV format, linked into the site so the page's "Load sample" can fetch it.
make_sample() {
  node "$root/tools/make-sample-data" "$sample_dir"
  mkdir -p "$site_dir"
  ln -sfn ../../sample "$site_dir/sample"  # relative: build/web/site/sample -> build/sample
}
