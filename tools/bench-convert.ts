/**
 * Conversion benchmark: builds (or reuses under .cache/) a synthetic ~600 MB StyleGAN-V snapshot shaped
 * like the official 256x256 one (tools/bench/synthetic-pkl.ts), converts it with the Node API in a
 * fresh process, and reports elapsed seconds and peak memory. Writes bench-results/convert.json.
 *
 *   npm run bench:convert [-- --fp16] [-- --rebuild]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertSnapshot } from '../src/convert';
import { FileByteSource } from '../src/convert/node';
import { createFolderSink } from '../src/model/node';
import { SYNTHETIC_PKL, syntheticPkl } from './bench/synthetic-pkl';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const snapshotFile = SYNTHETIC_PKL;
const outDir = path.join(root, '.cache', 'bench-convert-out');
const resultFile = path.join(root, 'bench-results', 'convert.json');

const LIMIT_SECONDS = 30;
const LIMIT_RSS_BYTES = 2 * 1024 ** 3;

/** Runs in a fresh process so that peak RSS is the conversion's own. */
async function measure(fp16: boolean): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  rmSync(outDir, { recursive: true, force: true });
  const source = await FileByteSource.open(snapshotFile);
  const t0 = performance.now();
  const result = await convertSnapshot(source, createFolderSink(outDir), { fp16 });
  const seconds = (performance.now() - t0) / 1000;
  await source.close();
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const report = {
    seconds: Number(seconds.toFixed(2)),
    peakRssBytes: peakRss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    snapshotBytes: source.size,
    weightBytes: result.weightBytes,
    tensorCount: result.tensorCount,
    shards: result.model.weightsManifest[0]!.paths.length,
    fp16,
  };
  process.stdout.write(`RESULT ${JSON.stringify(report)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const fp16 = args.includes('--fp16');
  if (args.includes('--measure')) return measure(fp16);

  syntheticPkl(args.includes('--rebuild'));

  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--measure', ...(fp16 ? ['--fp16'] : [])],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (child.status !== 0 || !line) {
    process.stdout.write(child.stdout);
    throw new Error(`conversion process failed (exit ${child.status})`);
  }
  const r = JSON.parse(line.slice(7)) as {
    seconds: number;
    peakRssBytes: number;
    maxRssBytes: number;
    snapshotBytes: number;
    weightBytes: number;
    tensorCount: number;
    shards: number;
    fp16: boolean;
  };
  const peak = Math.max(r.peakRssBytes, r.maxRssBytes);
  const summary = {
    benchmark: 'convert',
    snapshotMB: Number((r.snapshotBytes / 1e6).toFixed(1)),
    gEmaWeightMB: Number((r.weightBytes / 1e6).toFixed(1)),
    seconds: r.seconds,
    peakRssMB: Number((r.peakRssBytes / 1024 ** 2).toFixed(0)),
    maxRssMB: Number((r.maxRssBytes / 1024 ** 2).toFixed(0)),
    tensors: r.tensorCount,
    shards: r.shards,
    fp16: r.fp16,
    limits: { seconds: LIMIT_SECONDS, rssMB: LIMIT_RSS_BYTES / 1024 ** 2 },
    pass: r.seconds < LIMIT_SECONDS && peak < LIMIT_RSS_BYTES,
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()}-${os.arch()}` },
    date: new Date().toISOString(),
  };
  mkdirSync(path.dirname(resultFile), { recursive: true });
  writeFileSync(resultFile, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `  snapshot ${summary.snapshotMB} MB -> G_ema ${summary.gEmaWeightMB} MB in ${summary.seconds} s; ` +
      `peak RSS ${summary.peakRssMB} MB (maxRSS ${summary.maxRssMB} MB): ${summary.pass ? 'PASS' : 'FAIL'}`,
  );
  console.log(`  wrote ${path.relative(root, resultFile)}`);
  if (!summary.pass) process.exitCode = 1;
}

await main();
