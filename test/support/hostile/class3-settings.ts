/**
 * Class 3: architecture settings that disagree with the weights. Every setting of the snapshot gets
 * values of the wrong type, out of range and in range but inconsistent with the tensors; plus a child
 * module whose name forges another module's tensors. Each must be refused naming the setting.
 */

import { parameter, persistentModule } from '../pickle-torch';
import { float, type Py } from '../pickle-writer';
import { type SyntheticSpec, syntheticSnapshotBytes, TINY_SPEC } from '../synthetic-snapshot';
import type { PickleCase } from './cases';

const SMALL: SyntheticSpec = { ...TINY_SPEC, resolution: 8, channelMax: 4, discriminatorBytes: 1, adam: 'none' };

/** Values no setting may take, and some that are merely inconsistent. */
const BAD_NUMBERS: Py[] = [-7, 0, 1e9, 1e15, float(NaN), float(Infinity), float(-Infinity), float(2.5), 'abc', true];

interface Setting {
  /** Module class whose attribute it is, and the attribute. */
  className: string;
  attr: string;
  /** What the message names. */
  named: RegExp;
  /** In-range values that still disagree with the tensors. */
  inconsistent: Py[];
  /** Values among BAD_NUMBERS that are this snapshot's real, valid value. */
  valid?: Py[];
}

const SETTINGS: Setting[] = [
  { className: 'Generator', attr: 'c_dim', named: /c_dim|z_dim|embed|conv\.0/, inconsistent: [1, 3], valid: [0] },
  { className: 'Generator', attr: 'z_dim', named: /z_dim/, inconsistent: [4, 16] },
  { className: 'Generator', attr: 'w_dim', named: /w_dim/, inconsistent: [4, 16] },
  { className: 'Generator', attr: 'num_ws', named: /num_ws/, inconsistent: [5, 7] },
  { className: 'Generator', attr: 'img_resolution', named: /img_resolution|blocks/, inconsistent: [3, 4, 16, 32] },
  { className: 'Generator', attr: 'img_channels', named: /img_channels/, inconsistent: [1, 4] },
  { className: 'MappingNetwork', attr: 'num_layers', named: /num_layers/, inconsistent: [1, 3] },
  { className: 'MappingNetwork', attr: 'w_avg_beta', named: /w_avg_beta/, inconsistent: [] },
  { className: 'SynthesisBlock', attr: 'in_channels', named: /inChannels|in_channels/, inconsistent: [-4, 3] },
  { className: 'SynthesisBlock', attr: 'resolution', named: /resolution/, inconsistent: [5, 64] },
  { className: 'SynthesisBlock', attr: 'num_conv', named: /numConv|num_conv/, inconsistent: [3] },
  { className: 'SynthesisBlock', attr: 'num_torgb', named: /numToRgb|num_torgb/, inconsistent: [2] },
  {
    className: 'MotionMappingNetwork',
    attr: 'num_additional_codes',
    named: /num_additional_codes/,
    // The official encoder draws (kernel_size - 1) x 2 extra codes: 4 for this kernel of 3.
    inconsistent: [2, 20],
  },
  {
    className: 'AlignedTimeEncoder',
    attr: 'latent_dim',
    named: /latent_dim|codeDim|conv|predictor/,
    inconsistent: [2, 7],
  },
];

function snapshot(spec: Partial<SyntheticSpec>): Uint8Array {
  return syntheticSnapshotBytes({ ...SMALL, ...spec }).bytes;
}

export function* class3Cases(): Generator<PickleCase> {
  for (const s of SETTINGS) {
    const values =
      s.attr === 'w_avg_beta'
        ? [float(NaN), float(-1), float(2), 'abc']
        : [...BAD_NUMBERS, ...s.inconsistent].filter((v) => !s.valid?.includes(v));
    for (const value of values) {
      const shown =
        value instanceof Object && 'v' in value ? String((value as { v: unknown }).v) : JSON.stringify(value);
      yield {
        kind: 'pickle',
        name: `${s.className}.${s.attr} = ${shown}`,
        bytes: snapshot({ attrOverrides: { [s.className]: { [s.attr]: value } } }),
        message: new RegExp(`(${s.named.source}|is missing from the snapshot).*(damaged or crafted|convert)`),
      };
    }
  }
  for (const d of [-16, 0, NaN, Infinity, -Infinity, 1e-9, 0.5, 1e12]) {
    yield {
      kind: 'pickle',
      name: `motion_z_distance = ${d}`,
      bytes: snapshot({ motionZDistance: d }),
      message: /motion_z_distance.*(damaged or crafted)/,
    };
  }
  // A child module named to forge tensors of another (the forged one would come later and win).
  for (const forged of ['mapping.fc0', 'synthesis.b4.conv1', 'mapping']) {
    const mod = persistentModule({
      className: 'FullyConnectedLayer',
      params: [
        ['weight', parameter(new Float32Array(64), [8, 8])],
        ['bias', parameter(new Float32Array(8), [8])],
      ],
    });
    yield {
      kind: 'pickle',
      name: `a G_ema child module named ${forged}`,
      bytes: snapshot({ extraGeneratorModules: [[forged, mod]] }),
      message:
        /names must be Python identifiers|appears twice|not part of the architecture|is missing from the snapshot/,
    };
  }
}
