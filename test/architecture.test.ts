/**
 * The layout the README's Architecture section describes, checked against the code: packages are entered
 * through their doors, lower layers never import higher ones, the folder table lists every folder, and no
 * source file grows past 400 lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The files code outside a package may import. */
const DOORS: Record<string, string[]> = {
  engine: ['index', 'browser', 'node', 'plain'],
  model: ['index', 'node'],
  latent: ['index', 'directions-cache-key', 'layer-groups', 'video-fit-limits'],
  authoring: ['index', 'render'],
  convert: ['index', 'node', 'convert-client'],
  export: ['index'],
  util: ['index'],
  'image-input': ['index', 'node'],
  audio: ['index', 'node'],
  'video-input': ['index'],
  // index: the page registers the service worker; manifest: the build writes the worker's file list.
  offline: ['index', 'manifest'],
};

/** Which packages each folder of src/ may import. */
const MAY_IMPORT: Record<string, string[]> = {
  util: [],
  model: ['util'],
  export: ['util'],
  audio: ['export', 'util'],
  engine: ['model', 'util'],
  convert: ['model', 'util'],
  latent: ['engine', 'model', 'util'],
  authoring: ['engine', 'export', 'latent', 'model', 'util'],
  'image-input': ['latent', 'util'],
  'video-input': ['image-input', 'latent', 'util'],
  offline: [],
  bench: ['authoring', 'engine', 'model', 'util'],
  cli: ['audio', 'authoring', 'convert', 'engine', 'export', 'image-input', 'latent', 'model', 'util'],
  studio: [
    'audio',
    'authoring',
    'convert',
    'engine',
    'export',
    'image-input',
    'latent',
    'model',
    'offline',
    'util',
    'video-input',
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const FILES = ['src', 'test', 'e2e', 'tools'].flatMap(sourceFiles);

/** Relative imports of a file, as repository paths without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.filter((s) => !s.endsWith('.css')).map((s) => normalize(join(dirname(file), s)).replace(/\.tsx?$/, ''));
}

/** The src/ package a path belongs to, and the path inside it (a package's folder itself is its index). */
function packageOf(path: string): { name: string; inner: string } | null {
  const match = /^src\/([^/]+)(?:\/(.+))?$/.exec(path);
  return match ? { name: match[1]!, inner: match[2] ?? 'index' } : null;
}

describe('architecture', () => {
  it('enters every package through its doors', () => {
    const wrong: string[] = [];
    for (const file of FILES) {
      const from = packageOf(file);
      for (const target of importsOf(file)) {
        const to = packageOf(target);
        if (!to || to.name === from?.name || !DOORS[to.name]) continue;
        if (!DOORS[to.name]!.includes(to.inner)) wrong.push(`${file} -> ${target}`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('never imports a higher layer', () => {
    const wrong: string[] = [];
    for (const file of FILES.filter((f) => f.startsWith('src/'))) {
      const from = packageOf(file)!;
      for (const target of importsOf(file)) {
        const to = packageOf(target);
        if (to && to.name !== from.name && !MAY_IMPORT[from.name]?.includes(to.name))
          wrong.push(`${file} -> ${target}`);
        if (!to && !target.startsWith('test/support/')) wrong.push(`${file} -> ${target}`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
    expect(Object.keys(MAY_IMPORT).sort()).toEqual(readdirSync(join(ROOT, 'src')).sort());
  });

  it('splits the studio render code by where it runs (page/, worker/, shared/)', () => {
    const render = 'src/studio/render';
    expect(readdirSync(join(ROOT, render)).sort()).toEqual(['page', 'shared', 'worker']);
    // [who, what they may not import, why]
    const rules: Array<[RegExp, RegExp, string]> = [
      [
        /^src\/studio\/render\/worker\//,
        /^src\/studio\/(?!render\/(worker|shared)\/)/,
        'the worker imports only worker/ and shared/',
      ],
      [/^src\/studio\/render\/shared\//, /^src\/studio\/(?!render\/shared\/)/, 'shared/ imports only shared/'],
      [/^src\/studio\/panels\//, /^src\/studio\/render\/(page|worker)\//, 'panels never import the render services'],
    ];
    const wrong: string[] = [];
    for (const file of FILES.filter((f) => f.startsWith('src/studio/')))
      for (const [who, banned, why] of rules)
        if (who.test(file))
          for (const target of importsOf(file)) if (banned.test(target)) wrong.push(`${file} -> ${target} (${why})`);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it("lists every folder in the README's table, and only those", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Architecture'),
      readme.indexOf('\n## ', readme.indexOf('## Architecture') + 1),
    );
    const listed = [...section.matchAll(/^\| `([^`]+)\/`\s*\|/gm)].map((m) => m[1]!).sort();
    const folders = [...readdirSync(join(ROOT, 'src')).map((name) => `src/${name}`), 'tools', 'test', 'e2e'].sort();
    expect(listed).toEqual(folders);
  });

  it('keeps source files under 400 lines', () => {
    const lines = (file: string) => readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1;
    const long = FILES.filter((file) => lines(file) > 400);
    expect(long.map((file) => `${relative(ROOT, join(ROOT, file))}: ${lines(file)} lines`)).toEqual([]);
  });
});
