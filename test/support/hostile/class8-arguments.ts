/**
 * Class 8: command lines. Seeds that are not seeds (too large for a double to hold exactly, out of range,
 * fractions, exponents, hex, words), time lists with empty items, float32 files with NaN or infinities in
 * any position, pool sizes and search counts out of range, outputs whose folder is missing, a file or whose
 * target is a folder, motion_z files too short for the times asked, model names over the one limit. Each is refused in one line before
 * anything is written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_MOTION_SEARCH } from '../../../src/latent';
import { MODEL_FORMAT, type ModelJson, planWeights, presetArchitecture, weightShapes } from '../../../src/model';

export interface ArgumentCase {
  name: string;
  /** The command line, given the model folder and a scratch folder for its files. */
  args: (model: string, work: string) => string[];
  message: RegExp;
}

/** Seeds refused by engine/seed.ts's one rule. */
export const BAD_SEEDS = ['9007199254740993', '4294967296', '-1', '1.5', '1e3', '0x10', 'abc', ' ', 'NaN', '1e400'];

const SEED_LINE = /must be a whole number from 0 to 4,294,967,295, got /;

function floats(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** A float32 file of `length` values with `bad` at `at` (first, middle, last). */
function poisoned(work: string, name: string, length: number, bad: number, at: 'first' | 'middle' | 'last'): string {
  const values = Array.from({ length }, (_, i) => (i % 7) / 7);
  values[at === 'first' ? 0 : at === 'last' ? length - 1 : length >> 1] = bad;
  const path = join(work, `${name}-${String(bad)}-${at}.f32`);
  writeFileSync(path, floats(values));
  return path;
}

/** `model` is the hostile base model: numWs 4 x wDim, motion zDim and c of its architecture. */
export function* class8Cases(sizes: { ws: number; z: number; motionZ: number }): Generator<ArgumentCase> {
  const render = (model: string, work: string, ...more: string[]) => [
    'render',
    model,
    ...more,
    ...(more.includes('--out') ? [] : ['--out', join(work, 'never.f32')]),
  ];
  for (const option of ['--seed', '--motion-seed'])
    for (const seed of BAD_SEEDS)
      yield {
        name: `${option} ${JSON.stringify(seed)}`,
        args: (model, work) =>
          render(
            model,
            work,
            ...(option === '--seed' ? ['--motion-seed', '1'] : ['--seed', '1']),
            option,
            seed,
            '--t',
            '0',
          ),
        message: SEED_LINE,
      };
  for (const t of ['5,', ',5', '0,,1', ',', '0, ,1'])
    yield {
      name: `--t ${JSON.stringify(t)}`,
      args: (model, work) => render(model, work, '--seed', '1', '--motion-seed', '1', '--t', t),
      message: /^--t has an empty item/,
    };
  for (const bad of [Number.NaN, Infinity, -Infinity])
    for (const at of ['first', 'middle', 'last'] as const) {
      yield {
        name: `--ws with ${bad} (${at})`,
        args: (model, work) =>
          render(model, work, '--ws', poisoned(work, 'ws', sizes.ws, bad, at), '--motion-seed', '1', '--t', '0'),
        message: /^ws file .* holds 1 NaN or infinite value \(the first at index \d+, -?(NaN|Infinity)\)/,
      };
      yield {
        name: `--z with ${bad} (${at})`,
        args: (model, work) =>
          render(model, work, '--z', poisoned(work, 'z', sizes.z, bad, at), '--motion-seed', '1', '--t', '0'),
        message: /^z file .* NaN or infinite value/,
      };
      yield {
        name: `--motion-z with ${bad} (${at})`,
        args: (model, work) =>
          render(
            model,
            work,
            '--seed',
            '1',
            '--motion-z',
            poisoned(work, 'mz', sizes.motionZ * 64, bad, at),
            '--t',
            '0',
          ),
        message: /^motion_z file .* NaN or infinite value/,
      };
      yield {
        name: `--t file with ${bad} (${at})`,
        args: (model, work) =>
          render(model, work, '--seed', '1', '--motion-seed', '1', '--t', poisoned(work, 't', 5, bad, at)),
        message: /^times file .* NaN or infinite value/,
      };
    }
  yield {
    name: 'an all-NaN --ws file',
    args: (model, work) => {
      const path = join(work, 'all-nan.f32');
      writeFileSync(path, floats(Array(sizes.ws).fill(Number.NaN)));
      return render(model, work, '--ws', path, '--motion-seed', '1', '--t', '0');
    },
    message: new RegExp(`holds ${sizes.ws.toLocaleString('en-US')} NaN or infinite values`),
  };
  for (const workers of ['0', '-1', '1.5', '1e3', '257', 'x'])
    yield {
      name: `--workers ${workers}`,
      args: (model, work) => render(model, work, '--seed', '1', '--motion-seed', '1', '--t', '0', '--workers', workers),
      message: /^--workers must be a whole number from 1 to 256/,
    };
  for (const [what, codes, t] of [
    ['one code', 1, '0'],
    ['codes enough for t = 0 only', 64, '0,2000'],
  ] as const)
    yield {
      name: `--motion-z with ${what}, --t ${t}`,
      args: (model, work) => {
        const path = join(work, `short-${codes}.f32`);
        writeFileSync(path, floats(Array(sizes.motionZ * codes).fill(0.5)));
        return render(model, work, '--seed', '1', '--motion-z', path, '--t', t);
      },
      message: /^motion_z file has \d+ codes; --t up to \d+ needs \d+/,
    };
  for (const [what, out] of [
    ['--out in a missing folder', (w: string) => ['--out', join(w, 'missing', 'x.f32')]],
    ['--out in a "folder" that is a file', (w: string) => ['--out', join(w, 'a-file', 'x.f32')]],
    ['--out that is a folder', (w: string) => ['--out', w]],
    ['--png in a missing folder', (w: string) => ['--png', join(w, 'missing', 'p-%d.png')]],
    ['--png %d in a missing folder name', (w: string) => ['--png', join(w, 'frames-%d', 'p.png')]],
  ] as const)
    yield {
      name: what,
      args: (model, work) => {
        writeFileSync(join(work, 'a-file'), 'x');
        return ['render', model, '--seed', '1', '--motion-seed', '1', '--t', '0,1', ...out(work)];
      },
      message: /^--(out|png) .*(does not exist|is not a folder|is a folder: give a file name)/,
    };
  for (const count of ['1e10', String(MAX_MOTION_SEARCH + 1), '0', '-1'])
    yield {
      name: `project --motion-search ${count}`,
      args: (model, work) => ['project', model, 'picture.png', '--out', join(work, 'ws.f32'), '--motion-search', count],
      message: new RegExp(`^--motion-search must be a whole number from 1 to ${MAX_MOTION_SEARCH}`),
    };
  for (const name of ['n'.repeat(201), '\u{1F600}'.repeat(240)])
    yield {
      name: `convert --name of ${[...name].length} characters`,
      args: (_model, work) => ['convert', join(work, 'snapshot.pkl'), join(work, 'model'), '--name', name],
      message: /^--name is not a text of at most 200 characters \(got \d+\)$/,
    };
  for (const steps of ['1e10', '100001', '0'])
    yield {
      name: `project --steps ${steps}`,
      args: (model, work) => ['project', model, 'picture.png', '--out', join(work, 'ws.f32'), '--steps', steps],
      message: /^--steps must be a whole number from 1 to 100,000/,
    };
}

/** model.json of a 2048x2048 model within the architecture limits, without its 130 MB of shards. */
export function model2048Json(): ModelJson {
  const architecture = presetArchitecture({ resolution: 2048, channelBase: 32768, channelMax: 512, cDim: 0 });
  const plan = planWeights(weightShapes(architecture).map(({ name, shape }) => ({ name, shape })));
  return { format: MODEL_FORMAT, name: 'big', architecture, weightsManifest: [plan.group] };
}
