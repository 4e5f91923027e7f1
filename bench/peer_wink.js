// peer_wink.js: wink-nlp readDoc throughput on a corpus: the bench-only peer of the extraction stage.
//
// node peer_wink.js PEERS_DIR CORPUS [REPEAT]
//
// PEERS_DIR holds node_modules with wink-nlp and wink-eng-lite-web-model
// (run.sh installs them into bench/.peers, outside git). CORPUS is a
// directory of *.txt files (recursively, in name order) or a .jsonl file.
// Documents are read first, outside the timing, and one readDoc warms up;
// then readDoc runs on each
// one (tokens, sentences, entities, POS: what the lite model computes) and
// the counts are read, so nothing is skipped lazily. Prints one RESULT line
// in the format of bench/bench.h.
'use strict';
const fs = require('fs');
const path = require('path');

const [peers, corpus, repeatArg] = process.argv.slice(2);
if (!peers || !corpus) {
  console.error('usage: node peer_wink.js PEERS_DIR CORPUS [REPEAT]');
  process.exit(2);
}
const winkNLP = require(path.resolve(peers, 'node_modules', 'wink-nlp'));
const model = require(path.resolve(peers, 'node_modules', 'wink-eng-lite-web-model'));
const repeat = Math.max(1, parseInt(repeatArg || '1', 10));

function collect(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).filter((n) => !n.startsWith('.')).sort())
      collect(path.join(p, name), out);
  } else if (p.endsWith('.jsonl')) {
    for (const line of fs.readFileSync(p, 'utf8').split('\n'))
      if (line.trim()) {
        const t = JSON.parse(line).text;
        if (typeof t === 'string' && t.length) out.push(t);
      }
  } else if (p.endsWith('.txt') && st.size > 0) {
    out.push(fs.readFileSync(p, 'utf8'));
  }
  return out;
}

const texts = collect(corpus, []);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
const nlp = winkNLP(model);
nlp.readDoc(texts[0]);   // warm-up, as bench_extract does for parley: the model is ready before the timing
let tokens = 0, sentences = 0, entities = 0;
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (let r = 0; r < repeat; r++)
  for (const t of texts) {
    const doc = nlp.readDoc(t);
    tokens += doc.tokens().length();
    sentences += doc.sentences().length();
    entities += doc.entities().length();
  }
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const used = process.cpuUsage(c0);
const cpu = (used.user + used.system) / 1e6;
const at = corpus.indexOf('corpora/');
const label = process.env.BENCH_LABEL || (at >= 0 ? corpus.slice(at + 8) : path.basename(corpus)).split('/')[0];
const name = repeat > 1 ? `${label}x${repeat}` : label;
console.log(['RESULT', 'extraction', name, 'wink-nlp readDoc (peer)', bytes * repeat, texts.length * repeat,
  secs.toFixed(6), cpu.toFixed(6), process.resourceUsage().maxRSS,
  `tokens=${tokens} sentences=${sentences} entities=${entities} node=${process.version}`].join('\t'));
