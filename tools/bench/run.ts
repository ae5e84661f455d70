/**
 * `npm run bench`: engine speed per backend and model, printed as a table and written to
 * bench-results/bench.json. Options: --quick (short budgets, shipped model only), --presets a,b
 * (default sky256,ucf256), --no-browser, --live-only (just the live studio's targets), --cli-only (just the
 * CLI pool's speed-up, written to bench-results/bench-cli.json), --pick-only (just a real-size .pkl picked ->
 * its first image), --baseline <commit> (with the live targets: also scrub the studio as it was at that
 * commit, e.g. df25dc4 before its render worker), --morph-only (just issue 21's morphing-vs-fixed-content
 * clip, written to bench-results/bench-morph.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isPresetName, type PresetName } from '../../src/model';
import { firstLineOf } from '../../src/util';
import { benchCliPool } from './cli-pool';
import { benchLive, formatLive, type LiveFigure } from './live';
import { benchMorph } from './morph';
import { benchNodeWasm, presetModelDir } from './node-wasm';
import { type BenchRow, formatTable } from './report';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const presetsArg = argv[argv.indexOf('--presets') + 1];
const presets: PresetName[] = (
  argv.includes('--presets') && presetsArg
    ? presetsArg.split(',')
    : quick || argv.includes('--pick-only')
      ? []
      : ['sky256', 'ucf256']
).map((p) => {
  if (!isPresetName(p)) throw new Error(`unknown preset ${p}`);
  return p;
});
const budget = { secondsPerMeasure: quick ? 2 : 8, batches: [1, 2, 4] };

if (argv.includes('--cli-only')) {
  const figure = benchCliPool(await presetModelDir('sky256'), quick ? 1 : 3);
  console.log(formatLive([figure]));
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    'bench-results/bench-cli.json',
    `${JSON.stringify({ date: new Date().toISOString(), figure }, null, 2)}\n`,
  );
  process.exit(0);
}

if (argv.includes('--morph-only')) {
  const figures = await benchMorph(await presetModelDir('sky256'), { quick });
  console.log(formatLive(figures));
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    'bench-results/bench-morph.json',
    `${JSON.stringify({ date: new Date().toISOString(), figures }, null, 2)}\n`,
  );
  process.exit(0);
}

const models = [{ name: 'sky64 (shipped)', dir: 'public/models/sky64' }];
for (const preset of presets) models.push({ name: preset, dir: await presetModelDir(preset) });

const rows: BenchRow[] = [];
const live: LiveFigure[] = [];
try {
  const everything = !argv.includes('--live-only') && !argv.includes('--pick-only');
  if (everything) rows.push(...(await benchNodeWasm(models, budget)));
  if (everything) live.push(...(await benchMorph(await presetModelDir('sky256'), { quick })));
  if (!argv.includes('--no-browser')) {
    if (everything) {
      const { benchBrowser } = await import('./browser');
      rows.push(...(await benchBrowser(models, { quick })));
    }
    live.push(
      ...(await benchLive({
        quick,
        baseline: argv.includes('--baseline') ? argv[argv.indexOf('--baseline') + 1] : undefined,
        pickOnly: argv.includes('--pick-only'),
      })),
    );
  }
} catch (error) {
  // One line: tfjs-wasm's Node glue would otherwise print its whole minified source with the error.
  console.error(`bench failed: ${firstLineOf(error)}`);
  process.exit(1);
}

if (rows.length > 0) console.log(formatTable(rows));
if (live.length > 0)
  console.log(`\ntargets (the morph clip on Node WASM; the live studio's in Chromium WASM):\n${formatLive(live)}`);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/bench.json',
  `${JSON.stringify({ date: new Date().toISOString(), budget, rows, live }, null, 2)}\n`,
);
console.log('\nwrote bench-results/bench.json');
