#!/usr/bin/env bash
# ONNX export judged by tools nobody here wrote (ctest runs it as onnx_tests): for a model of every preset,
# trained a few batches so that its weights are not the initial ones, and for an ensemble of two presets,
# `digitlab export --onnx` writes a file that python3-onnx's checker accepts and that onnxruntime-node runs
# to the probabilities of our core (digitlab predict --probabilities) within 1e-4 on 1000 test images; the
# same for a model with every kind of layer (all_layers.py: random weights).
# usage: tests/onnx/run.sh DIGITLAB_BIN
# Without the sample data (tools/make-sample-data) it prints SKIP and passes, as tests/cli/run.sh does.
set -euo pipefail
# shellcheck source=tests/cli_env.sh
. "$(dirname "$0")/../cli_env.sh"
here=$root/tests/onnx
head -n 1025 "$small/train.csv" >train.csv  # 1024 rows: 16 batches of 64
head -n 1001 "$small/test.csv" >test.csv

models=()
while IFS= read -r name; do
  file="model$((${#models[@]} + 1))"
  "$bin" train --train train.csv --model "$file.dlm" --preset "$name" --members 1 --epochs 1 --val 0 --batch 64 >"$file.log" 2>&1 \
    || { cat "$file.log"; echo "FAIL train --preset '$name'"; exit 1; }
  echo "$name: $file.dlm"
  models+=("$file")
done < <("$bin" presets | grep -v '^ ' | sed -E 's/  .*$//')
[ "${#models[@]}" -ge 8 ] || { echo "FAIL: only ${#models[@]} presets listed"; exit 1; }
# An ensemble of two architectures: one ONNX model averaging both.
ln -s model1.dlm ensemble.a && ln -s "${models[-1]}.dlm" ensemble.b
models+=(ensemble)
/usr/bin/python3 "$here/all_layers.py" all_layers.dlm
models+=(all_layers)

failed=0
for m in "${models[@]}"; do
  dlm=$m.dlm
  [ "$m" = ensemble ] && dlm=ensemble.a,ensemble.b
  "$bin" export --onnx "$dlm" "$m.onnx" >/dev/null
  "$bin" predict --model "$dlm" --test test.csv --out "$m.sub.csv" --probabilities "$m.probs.csv" >/dev/null
  /usr/bin/python3 "$here/check_model.py" "$m.onnx" || failed=1
  node "$here/compare.js" "$m.onnx" test.csv "$m.probs.csv" 1e-4 || { echo "FAIL $m: onnxruntime differs"; failed=1; }
done
[ "$failed" = 0 ] && echo "${#models[@]} passed, 0 failed"
exit "$failed"
