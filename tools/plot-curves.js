#!/usr/bin/env node
// Draws the curves of `tools/bench time-to-accuracy` as SVG: the held-out error rate (log scale) against
// minutes of training (log scale too: the targets span 3 to 60 minutes), one curve per preset and member,
// the ensembles' final accuracy as points, the issue's anchors as lines and its targets as points.
//
// usage: node tools/plot-curves.js LINES.jsonl OUT.svg   (the JSON lines the bench printed and saved)
'use strict';
const fs = require('node:fs');

const W = 1120, H = 600;
const box = { left: 70, right: W - 360, top: 50, bottom: H - 60 };  // the plot; the legend is right of it
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22'];
// Accuracy the honest top of the leaderboard reaches (issue 21): its single CNNs, its ensemble.
const ANCHORS = [{ acc: 0.9965, text: '99.65%: single CNN' }, { acc: 0.9975, text: '99.75%: ensemble' }];
const TARGETS = [{ minutes: 3, acc: 0.995 }, { minutes: 15, acc: 0.9965 }, { minutes: 60, acc: 0.9972 }];

function readLines(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(l => l.trim()).map(l => JSON.parse(l));
}

const esc = text => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const errorPct = acc => (1 - acc) * 100;
const fmt = v => String(Number(v.toPrecision(3)));

// A log axis over whole decades that hold `values`, mapped onto [a, b]; ticks at 1, 2, 3, 5 (just 1, 2, 5
// on an axis of many decades) times each power of ten.
function logAxis(values, a, b) {
  const lo = Math.floor(Math.log10(Math.min(...values))), hi = Math.ceil(Math.log10(Math.max(...values)));
  const at = v => a + (b - a) * (Math.log10(v) - lo) / (hi - lo);
  const steps = hi - lo > 3 ? [1, 2, 5] : [1, 2, 3, 5];
  const ticks = [];
  for (let d = lo; d <= hi; d++) for (const k of steps) if (d < hi || k === 1) ticks.push(k * 10 ** d);
  return { at, ticks };
}

// Each member's curve: its scored epochs, then its kept weights at the end of its training.
function curves(lines) {
  const byKey = new Map();
  for (const l of lines.filter(l => l.case === 'epoch' || l.case === 'member')) {
    const key = `${l.model}\u0000${l.member}`;
    if (!byKey.has(key)) byKey.set(key, { model: l.model, member: l.member, members: l.members, points: [] });
    byKey.get(key).points.push([l.seconds / 60, errorPct(l.test_acc)]);
  }
  for (const c of byKey.values()) c.points.sort((p, q) => p[0] - q[0]);
  return [...byKey.values()];
}

function curvesSvg(lines) {
  const all = curves(lines), finals = lines.filter(l => l.case === 'final');
  const models = [...new Set(all.map(c => c.model).concat(finals.map(f => f.model)))];
  const color = model => COLORS[models.indexOf(model) % COLORS.length];
  const finalPoints = finals.flatMap(f => [[f.test_acc, false], [f.test_acc_tta, true]]
    .filter(([acc]) => acc !== undefined).map(([acc, tta]) => ({ model: f.model, members: f.members, tta,
      x: f.seconds / 60, y: errorPct(acc) })));
  const xs = all.flatMap(c => c.points.map(p => p[0])).concat(finalPoints.map(p => p.x), TARGETS.map(t => t.minutes));
  const ys = all.flatMap(c => c.points.map(p => p[1])).concat(finalPoints.map(p => p.y),
    ANCHORS.map(a => errorPct(a.acc)), TARGETS.map(t => errorPct(t.acc)));
  const x = logAxis(xs.filter(v => v > 0), box.left, box.right);
  const y = logAxis(ys.filter(v => v > 0), box.bottom, box.top);
  const X = v => x.at(v).toFixed(1), Y = v => y.at(v).toFixed(1);
  const svg = [];
  svg.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
    'font-family="sans-serif" font-size="12">', `<rect width="${W}" height="${H}" fill="white"/>`);
  const rows = finals.length && finals[0].test_rows;
  svg.push(`<text x="${box.left}" y="24" font-size="15" font-weight="bold">Time to accuracy in the page: ` +
    `held-out error${rows ? ` on ${rows.toLocaleString('en-US')} images` : ''} against training time</text>`);
  // Grid and tick labels.
  for (const t of x.ticks) {
    svg.push(`<line x1="${X(t)}" y1="${box.top}" x2="${X(t)}" y2="${box.bottom}" stroke="#e4e4e4"/>`,
      `<text x="${X(t)}" y="${box.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of y.ticks) {
    svg.push(`<line x1="${box.left}" y1="${Y(t)}" x2="${box.right}" y2="${Y(t)}" stroke="#e4e4e4"/>`,
      `<text x="${box.left - 6}" y="${Y(t)}" dy="4" text-anchor="end">${fmt(t)}%</text>`);
  }
  svg.push(`<rect x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${box.bottom - box.top}" ` +
    'fill="none" stroke="#444"/>',
  `<text x="${(box.left + box.right) / 2}" y="${H - 20}" text-anchor="middle">minutes of training (log scale; ` +
    'an ensemble\'s members one after the other)</text>',
  `<text transform="translate(18 ${(box.top + box.bottom) / 2}) rotate(-90)" text-anchor="middle">` +
    'test error rate (log scale)</text>');
  for (const a of ANCHORS) {
    svg.push(`<line x1="${box.left}" y1="${Y(errorPct(a.acc))}" x2="${box.right}" y2="${Y(errorPct(a.acc))}" ` +
      'stroke="#555" stroke-dasharray="6 4"/>',
    `<text x="${box.left + 6}" y="${Y(errorPct(a.acc))}" dy="-4" fill="#555">${a.text}</text>`);
  }
  for (const c of all) {
    const d = c.points.map((p, i) => `${i ? 'L' : 'M'}${X(p[0])},${Y(p[1])}`).join(' ');
    const faint = c.member > 1 ? ' stroke-opacity="0.55"' : '';
    svg.push(`<path d="${d}" fill="none" stroke="${color(c.model)}" stroke-width="1.8"${faint}/>`);
    for (const p of c.points) svg.push(`<circle cx="${X(p[0])}" cy="${Y(p[1])}" r="2.5" fill="${color(c.model)}"/>`);
  }
  const diamond = (px, py, r) => `M${px},${py - r} L${px + r},${py} L${px},${py + r} L${px - r},${py} Z`;
  for (const p of finalPoints.filter(p => p.members > 1 || p.tta)) {
    svg.push(`<path d="${diamond(x.at(p.x), y.at(p.y), 6)}" stroke="${color(p.model)}" stroke-width="1.8" ` +
      `fill="${p.tta ? 'white' : color(p.model)}"/>`);
  }
  const star = (px, py) => `<path d="M${px - 6},${py - 6} L${px + 6},${py + 6} M${px - 6},${py + 6} ` +
    `L${px + 6},${py - 6}" stroke="black" stroke-width="2.2"/>`;
  for (const t of TARGETS) {
    svg.push(star(x.at(t.minutes), y.at(errorPct(t.acc))),
      `<text x="${X(t.minutes)}" y="${Y(errorPct(t.acc))}" dx="8" dy="14">` +
      `${(t.acc * 100).toFixed(2)}% in ${t.minutes} min</text>`);
  }
  // Legend: a line per preset, then the markers.
  let ly = box.top + 6;
  const lx = box.right + 20;
  const legend = (mark, text) => {
    svg.push(mark(lx, ly), `<text x="${lx + 30}" y="${ly}" dy="4">${esc(text)}</text>`);
    ly += 20;
  };
  const swatch = (stroke, more = '') => (lx0, y0) =>
    `<line x1="${lx0}" y1="${y0}" x2="${lx0 + 22}" y2="${y0}" stroke="${stroke}" ${more}/>`;
  for (const model of models) {
    const members = Math.max(...all.concat(finals).filter(c => c.model === model).map(c => c.members));
    legend(swatch(color(model), 'stroke-width="2.5"'), members > 1 ? `${model} (${members} models)` : model);
  }
  ly += 8;
  if (finalPoints.some(p => p.members > 1)) {
    legend((lx0, y0) => `<path d="${diamond(lx0 + 11, y0, 6)}" fill="#444"/>`, 'ensemble of the models');
  }
  if (finalPoints.some(p => p.tta)) {
    legend((lx0, y0) => `<path d="${diamond(lx0 + 11, y0, 6)}" fill="white" stroke="#444" stroke-width="1.8"/>`,
      'with test-time augmentation');
  }
  legend((lx0, y0) => star(lx0 + 11, y0), 'target (issue 21)');
  legend(swatch('#555', 'stroke-dasharray="6 4"'), 'leaderboard anchor');
  svg.push('</svg>');
  return `${svg.join('\n')}\n`;
}

if (require.main === module) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write('usage: node tools/plot-curves.js LINES.jsonl OUT.svg\n');
    process.exit(2);
  }
  fs.writeFileSync(output, curvesSvg(readLines(input)));
}

module.exports = { curvesSvg, readLines };
