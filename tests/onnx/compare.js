// Runs an exported ONNX model in onnxruntime-node on Kaggle-format test images and compares its probabilities
// with the ones our core wrote (digitlab predict --probabilities).
// usage: node compare.js MODEL.onnx TEST.csv PROBS.csv TOLERANCE
// Prints the largest absolute difference; exits 1 when it is over TOLERANCE or the shapes disagree.
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(require.resolve('onnxruntime-node', { paths: [path.join(__dirname, '../..')] }));

// The rows of a CSV after its header, as arrays of numbers; `skip` columns dropped from each.
function csvRows(file, skip) {
  return fs.readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',').slice(skip).map(Number));
}

async function main() {
  const [model, testCsv, probsCsv, tolerance] = process.argv.slice(2);
  const images = csvRows(testCsv, 0);
  const ours = csvRows(probsCsv, 1);  // ImageId first
  if (images.length !== ours.length) throw new Error(`${images.length} images but ${ours.length} rows of probabilities`);
  const x = new Float32Array(images.length * 784);
  images.forEach((row, i) => row.forEach((v, j) => { x[i * 784 + j] = v / 255; }));
  const session = await ort.InferenceSession.create(model);
  const out = await session.run({ image: new ort.Tensor('float32', x, [images.length, 1, 28, 28]) });
  const probs = out.probabilities;
  if (probs.dims.join() !== `${images.length},10`) throw new Error(`output shape [${probs.dims}]`);
  let max = 0;
  ours.forEach((row, i) => row.forEach((p, c) => { max = Math.max(max, Math.abs(probs.data[i * 10 + c] - p)); }));
  console.log(`${path.basename(model)}: onnxruntime ${ort.env.versions?.common ?? ''} on ${images.length} images, ` +
              `max abs difference ${max.toExponential(2)}`);
  if (!(max <= Number(tolerance))) process.exit(1);
}
main().catch((e) => { console.error(e.message); process.exit(1); });
