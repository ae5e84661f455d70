/**
 * The service worker's part of `npm run build` (a Vite plugin, see vite.config.ts): once dist/ is written, it
 * lists every file with its content hash and bundles src/offline/service-worker.ts into dist/sw.js with that
 * list inside, so a new build is a new worker (the browser compares the script's bytes) and an unchanged file is
 * not downloaded again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';
import { isPrecached, type OfflineFile, type OfflineManifest } from '../src/offline/manifest';

const ENTRY = 'src/offline/service-worker.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The manifest of a built folder: every file the worker precaches, with its hash, and the version they make. */
export function offlineManifest(outDir: string): OfflineManifest {
  const files: OfflineFile[] = filesUnder(outDir)
    .map((file) => ({ file, path: relative(outDir, file).split(sep).join('/') }))
    .filter(({ path }) => isPrecached(path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ file, path }) => {
      const bytes = readFileSync(file);
      return { path, hash: createHash('sha256').update(bytes).digest('hex').slice(0, 16), bytes: bytes.length };
    });
  const version = createHash('sha256')
    .update(files.map((f) => `${f.path} ${f.hash}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return { version, files };
}

/** Writes dist/sw.js after the studio's build. */
export function offlinePlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'stylegan-v:offline',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      const manifest = offlineManifest(outDir);
      await build({
        configFile: false,
        root: config.root,
        logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
        publicDir: false,
        define: { __OFFLINE_MANIFEST__: JSON.stringify(manifest) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: true,
          lib: {
            entry: resolve(config.root, ENTRY),
            formats: ['iife'],
            name: 'studioServiceWorker',
            fileName: () => 'sw.js',
          },
        },
      });
      const megabytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0) / 2 ** 20;
      config.logger.info(
        `sw.js: version ${manifest.version}, ${manifest.files.length} files (${megabytes.toFixed(1)} MB) to precache`,
      );
    },
  };
}
