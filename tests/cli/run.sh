#!/usr/bin/env bash
# Shell test of the native CLI (ctest runs it as cli_tests): train, predict, score, and bad inputs.
# usage: tests/cli/run.sh DIGITLAB_BIN
# Uses tiny CSVs cut from build/sample/small (tools/make-sample-data); without them it prints SKIP and
# passes, so a bare `ctest` on a machine without node still works.
set -euo pipefail
# shellcheck source=tests/cli_env.sh
. "$(dirname "$0")/../cli_env.sh"
passed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { echo "FAIL $*"; [ -f out.txt ] && sed 's/^/     | /' out.txt | tail -n 20; exit 1; }

# Small enough for seconds, big enough that a working MLP is far above chance (10%).
head -n 2001 "$small/train.csv" >train.csv
head -n 201 "$small/test.csv" >test.csv
head -n 201 "$small/test_labels.csv" >truth.csv

# [SECTION] The happy path: train -> model file -> predict -> a valid submission that scores well
"$bin" train --train train.csv --model model.bin --epochs 8 --hidden 64 >out.txt 2>&1 \
  || fail "train exited $?"
[ -s model.bin ] || fail "train wrote no model file"
ok "train (2000 rows, 8 epochs, hidden 64): $(tail -n1 out.txt)"

"$bin" predict --model model.bin --test test.csv --out submission.csv >out.txt 2>&1 || fail "predict exited $?"
"$root/tools/score" submission.csv truth.csv >out.txt 2>&1 || fail "submission.csv is not a valid submission"
acc=$(awk '{print $2}' out.txt)
awk -v a="$acc" 'BEGIN { exit !(a > 0.80) }' || fail "accuracy $acc <= 0.80"
ok "predict: submission.csv valid, $(cat out.txt)"

# The default architecture (no --hidden) also trains.
"$bin" train --train train.csv --model model2.bin --epochs 1 >out.txt 2>&1 || fail "train without --hidden exited $?"
[ -s model2.bin ] || fail "train without --hidden wrote no model"
ok "train with the default architecture"
"$bin" summary --model model.bin >out.txt 2>&1 || fail "summary exited $?"
# 784*64+64 + 64*10+10 parameters: the model file holds the architecture that was asked for.
grep -q 'Total params: 50890' out.txt || fail "summary of a 784-64-10 MLP does not say 'Total params: 50890'"
ok "summary: $(grep 'Total params' out.txt)"

# Several models predict as an ensemble: a model with itself gives its own labels; with another, a valid file.
"$bin" predict --model model.bin,model.bin --test test.csv --out twice.csv >out.txt 2>&1 || fail "predict with twice the same model exited $?"
cmp -s twice.csv submission.csv || fail "the ensemble of a model with itself changed its predictions"
grep -q 'wrote 200 predictions' out.txt || fail "predict with an ensemble: $(cat out.txt)"
"$bin" predict --model model.bin,model2.bin --test test.csv --out ensemble.csv >out.txt 2>&1 || fail "predict with two models exited $?"
"$root/tools/score" ensemble.csv truth.csv >out.txt 2>&1 || fail "the ensemble's submission.csv is not valid"
ok "predict with an ensemble of two models: $(cat out.txt)"

# --init starts from a model's weights: at a learning rate of 1e-9 they stay put, so the labels are the model's
# (fresh weights at that rate would stay near chance). Another architecture is refused, naming the layer.
"$bin" train --train train.csv --model init.bin --init model.bin --hidden 64 --epochs 1 --lr 1e-9 >out.txt 2>&1 \
  || fail "train --init exited $?"
"$bin" predict --model init.bin --test test.csv --out init.csv >out.txt 2>&1 || fail "predict with the --init model exited $?"
cmp -s init.csv submission.csv || fail "a model trained from --init model.bin at lr 1e-9 predicts other labels than model.bin"
ok "train --init: trains on from the model's weights"

# --teacher distils a model's probabilities into another, here smaller, one. A teacher trained on labels moved
# on by one (3 for a 2) passes that on: at --teacher-weight 1 the student, trained on the true labels, mostly
# agrees with the teacher and not with the truth.
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { $1 = ($1 + 1) % 10; print }' train.csv >shifted.csv
"$bin" train --train shifted.csv --model shifted.bin --epochs 8 --hidden 64 >out.txt 2>&1 || fail "train on shifted labels exited $?"
"$bin" predict --model shifted.bin --test test.csv --out shifted_sub.csv >out.txt 2>&1 || fail "predict with the shifted model exited $?"
"$bin" train --train train.csv --model student.bin --teacher shifted.bin --teacher-weight 1 --epochs 8 --hidden 32 \
  >out.txt 2>&1 || fail "train --teacher exited $?"
"$bin" predict --model student.bin --test test.csv --out student.csv >out.txt 2>&1 || fail "predict with the student exited $?"
agree=$(paste -d, shifted_sub.csv student.csv | awk -F, 'NR > 1 { same += $2 == $4 } END { print same }')
[ "$agree" -ge 160 ] || fail "the student agrees with its teacher on $agree of 200 test images, not >= 160"
"$root/tools/score" student.csv truth.csv >out.txt 2>&1 || fail "the student's submission is not valid"
awk '{ exit !($2 < 0.2) }' out.txt || fail "the student learned the true labels instead of its teacher's: $(cat out.txt)"
ok "train --teacher: the student takes its teacher's labels ($agree of 200 agree; $(cat out.txt))"

# The tutorial presets are listed, and one of them trains by name.
"$bin" presets >out.txt 2>&1 || fail "presets exited $?"
grep -q 'MLP 512-512 ReLU' out.txt || fail "presets does not list 'MLP 512-512 ReLU'"
ok "presets: $(wc -l <out.txt) lines"
"$bin" train --train train.csv --model model3.bin --preset 'MLP 512-512 ReLU' --epochs 1 >out.txt 2>&1 \
  || fail "train --preset exited $?"
[ -s model3.bin ] || fail "train --preset wrote no model"
ok "train --preset 'MLP 512-512 ReLU'"

# [SECTION] Kaggle's digit-recognizer.zip as downloaded (made by python3's zipfile), and gzipped CSVs
printf 'ImageId,Label\n1,0\n' >sample_submission.csv
python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sys.argv[2:]: z.write(name)' digit-recognizer.zip sample_submission.csv test.csv train.csv
gzip -k train.csv test.csv
"$bin" train --train digit-recognizer.zip --model zip.bin --epochs 8 --hidden 64 >out.txt 2>&1 || fail "train --train a zip exited $?"
cmp -s zip.bin model.bin || fail "training on the zip's train.csv gave another model than on train.csv"
"$bin" predict --model zip.bin --test digit-recognizer.zip --out zip.csv >out.txt 2>&1 || fail "predict --test a zip exited $?"
cmp -s zip.csv submission.csv || fail "predicting the zip's test.csv gave other labels than test.csv"
ok "train and predict on digit-recognizer.zip: the same model and submission as from the CSVs"
"$bin" train --train train.csv.gz --model gz.bin --epochs 8 --hidden 64 >out.txt 2>&1 || fail "train --train train.csv.gz exited $?"
cmp -s gz.bin model.bin || fail "training on train.csv.gz gave another model than on train.csv"
"$bin" predict --model gz.bin --test test.csv.gz --out gz.csv >out.txt 2>&1 || fail "predict --test test.csv.gz exited $?"
cmp -s gz.csv submission.csv || fail "predicting test.csv.gz gave other labels than test.csv"
ok "train and predict on train.csv.gz and test.csv.gz"

# [SECTION] Bad inputs: non-zero exit and a message naming the file, line and (where it applies) column
# expect_fail NAME 'REGEX' -- COMMAND...: COMMAND must fail and its output must match every REGEX (grep -E).
expect_fail() {
  local name=$1 rc=0
  shift
  local patterns=()
  while [ "$1" != -- ]; do patterns+=("$1"); shift; done
  shift
  "$@" >out.txt 2>&1 || rc=$?
  # The CLI's contract: any error exits 2 with one "digitlab: ..." line on stderr.
  [ "$rc" = 2 ] || fail "$name: exit status $rc, expected 2"
  for p in "${patterns[@]}"; do grep -Eq "$p" out.txt || fail "$name: output does not match /$p/"; done
  ok "$name: exit $rc, $(head -n1 out.txt)"
}

cp model.bin model_before.bin
{ head -n 1 train.csv; sed -n 2p train.csv | cut -d, -f1-10; } >ragged.csv                    # 10 of 785 fields
{ head -n 2 train.csv; sed -n 3p train.csv | awk -F, -v OFS=, '{ $5 = "abc"; print }'; } >text.csv  # line 3, column 5
{ head -n 1 train.csv; sed -n 2p train.csv | awk -F, -v OFS=, '{ $3 = "300"; print }'; } >range.csv  # line 2, column 3

expect_fail "test.csv given as training data" 'test\.csv' 'line 1' -- \
  "$bin" train --train test.csv --model bad.bin --epochs 1
expect_fail "ragged row" 'ragged\.csv' 'line 2' -- "$bin" train --train ragged.csv --model bad.bin --epochs 1
expect_fail "text in a pixel" 'text\.csv' 'line 3' 'column 5' -- \
  "$bin" train --train text.csv --model bad.bin --epochs 1
expect_fail "pixel out of range" 'range\.csv' 'line 2' 'column 3' -- \
  "$bin" train --train range.csv --model bad.bin --epochs 1
python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z: z.write(sys.argv[2], "train.csv")' text.zip text.csv
expect_fail "text in a pixel, inside a zip" '^digitlab: text\.zip: train\.csv, line 3, column 5: .abc. is not a number$' -- \
  "$bin" train --train text.zip --model bad.bin --epochs 1
head -c 100000 digit-recognizer.zip >truncated.zip
expect_fail "truncated zip" 'truncated\.zip is truncated' -- "$bin" train --train truncated.zip --model bad.bin --epochs 1
expect_fail "a zip without test.csv" 'text\.zip holds no test\.csv' -- \
  "$bin" predict --model model.bin --test text.zip --out bad.csv
tr , ';' <train.csv >semicolons.csv
expect_fail "semicolons" 'separated by semicolons' -- "$bin" train --train semicolons.csv --model bad.bin --epochs 1
expect_fail "missing training file" 'nonexistent\.csv' -- \
  "$bin" train --train nonexistent.csv --model bad.bin --epochs 1
[ ! -e bad.bin ] || fail "a failed train left a model file behind"
ok "no model file written by failed trainings"
expect_fail "train.csv given as test data" 'train\.csv' 'line 1' -- \
  "$bin" predict --model model.bin --test train.csv --out bad.csv
expect_fail "missing model" 'nonexistent\.bin' -- \
  "$bin" predict --model nonexistent.bin --test test.csv --out bad.csv
expect_fail "not a model file" 'test\.csv' -- "$bin" predict --model test.csv --test test.csv --out bad.csv
expect_fail "a bad member of an ensemble" 'model 2 of 2' -- \
  "$bin" predict --model model.bin,test.csv --test test.csv --out bad.csv
[ ! -e bad.csv ] || fail "a failed predict left a submission behind"
ok "no submission written by failed predictions"
cmp -s model.bin model_before.bin || fail "a failed run changed model.bin"
expect_fail "--init with other layers" '^digitlab: model\.bin: not the layers to train \(layer 1 is Dense 64 .*instead of Dense 32' -- \
  "$bin" train --train train.csv --model bad.bin --init model.bin --hidden 32 --epochs 1
expect_fail "a teacher weight above 1" '^digitlab: --teacher-weight is in \(0, 1\]' -- \
  "$bin" train --train train.csv --model bad.bin --teacher model.bin --teacher-weight 2 --epochs 1
expect_fail "a teacher that is no file" '^digitlab: nosuch\.bin: cannot open the file' -- \
  "$bin" train --train train.csv --model bad.bin --teacher nosuch.bin --epochs 1
expect_fail "no arguments" '[Uu]sage' -- "$bin"
expect_fail "unknown command" '[Uu]sage|unknown' -- "$bin" fly
expect_fail "bad --epochs" 'epochs' -- "$bin" train --train train.csv --model bad.bin --epochs zero
expect_fail "a weight average that never moves" "weight averaging's decay must be in \\[0, 1\\)" -- \
  "$bin" train --train train.csv --model bad.bin --epochs 1 --ema 1
expect_fail "unknown preset" 'no preset' -- "$bin" train --train train.csv --model bad.bin --preset 'No such model'

echo "PASS: $passed checks"
