# shellcheck shell=bash
# Sourced by the shell tests of the native CLI (tests/cli/run.sh, tests/onnx/run.sh) with their arguments:
# $bin is the digitlab they were given, $root the repository, $small the small sample data
# (tools/make-sample-data). Without that data the test prints SKIP and passes, so a bare `ctest` on a machine
# without node still works. The test then runs in a temporary folder, removed when it exits.
bin=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
small="$root/build/sample/small"
if [ ! -f "$small/train.csv" ] || [ ! -f "$small/test.csv" ]; then
  echo "SKIP: no sample data in $small (run tools/make-sample-data)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
