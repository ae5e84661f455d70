/**
 * Look-alikes: pickles people mistake for StyleGAN-V snapshots (TensorFlow StyleGAN, StyleGAN2-ADA and
 * StyleGAN3 image generators), for the converter's refusal tests.
 */

import { parameter, persistentModule, Random } from './pickle-torch';
import { call, dict, glob, list, PickleWriter, type Py, PyNewObj, tuple } from './pickle-writer';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A numpy ndarray as numpy pickles it: _reconstruct(ndarray, (0,), b'b') + BUILD (1, shape, dtype, False, data). */
function numpyArray(values: Float32Array, shape: number[]): Py {
  const dtype = call(glob('numpy', 'dtype'), ['f4', false, true], {
    state: tuple(3, '<', null, null, null, -1, -1, 0),
  });
  return call(
    glob('numpy.core.multiarray', '_reconstruct'),
    [glob('numpy', 'ndarray'), tuple(0), new Uint8Array([0x62])],
    {
      state: tuple(1, tuple(...shape), dtype, false, new Uint8Array(values.buffer.slice(0))),
    },
  );
}

/** A TensorFlow StyleGAN/StyleGAN2 pickle: (G, D, Gs) as dnnlib.tflib.network.Network objects. */
export function tensorflowStyleGanPickle(): Uint8Array {
  const net = (name: string) =>
    new PyNewObj(glob('dnnlib.tflib.network', 'Network'), [], {
      state: dict({
        version: 4,
        name,
        static_kwargs: dict({}),
        components: dict({}),
        build_module_src: 'def G_style(): pass  # never executed',
        build_func_name: `${name}_style`,
        variables: list(tuple('dense/weight', numpyArray(Float32Array.from([1, 2, 3, 4]), [2, 2]))),
      }),
    });
  const parts: Uint8Array[] = [];
  new PickleWriter((c) => parts.push(c), 2).dump(tuple(net('G'), net('D'), net('Gs')));
  return concat(parts);
}

/** A StyleGAN2-ADA (`'stylegan2'`) or StyleGAN3 (`'stylegan3'`) image snapshot: G_ema without a motion encoder. */
export function imageGanSnapshot(kind: 'stylegan2' | 'stylegan3', prefix = ''): Uint8Array {
  const rng = new Random(7);
  const p = (shape: number[]): Py => parameter({ random: rng, count: shape.reduce((a, b) => a * b, 1) }, shape);
  const mod = (
    className: string,
    m: { params?: Array<[string, Py]>; modules?: Array<[string, Py]>; attrs?: Record<string, Py> },
  ) => persistentModule({ className, ...m }, prefix);
  const synthesisModules: Array<[string, Py]> =
    kind === 'stylegan3'
      ? [
          [
            'input',
            mod('SynthesisInput', {
              params: [
                ['freqs', p([4, 2])],
                ['phases', p([4])],
              ],
              attrs: { size: list(36, 36) },
            }),
          ],
          [
            'L0_36_8',
            mod('SynthesisLayer', {
              params: [
                ['weight', p([8, 4, 3, 3])],
                ['bias', p([8])],
              ],
            }),
          ],
          [
            'L1_16_3',
            mod('SynthesisLayer', {
              params: [
                ['weight', p([3, 8, 1, 1])],
                ['bias', p([3])],
              ],
            }),
          ],
        ]
      : [
          [
            'b4',
            mod('SynthesisBlock', {
              params: [['const', p([8, 4, 4])]],
              modules: [['conv1', mod('SynthesisLayer', { params: [['weight', p([8, 8, 3, 3])]] })]],
              attrs: { resolution: 4, in_channels: 0 },
            }),
          ],
          [
            'b8',
            mod('SynthesisBlock', {
              modules: [['conv0', mod('SynthesisLayer', { params: [['weight', p([8, 8, 3, 3])]] })]],
              attrs: { resolution: 8, in_channels: 8 },
            }),
          ],
        ];
  const generatorModule = () =>
    mod('Generator', {
      modules: [
        [
          'synthesis',
          mod('SynthesisNetwork', { modules: synthesisModules, attrs: { w_dim: 8, img_resolution: 16, num_ws: 4 } }),
        ],
        [
          'mapping',
          mod('MappingNetwork', {
            modules: [['fc0', mod('FullyConnectedLayer', { params: [['weight', p([8, 8])]] })]],
            attrs: { z_dim: 8, c_dim: 0, w_dim: 8, num_ws: 4, num_layers: 1 },
          }),
        ],
      ],
      attrs: { z_dim: 8, c_dim: 0, w_dim: 8, img_resolution: 16, img_channels: 3, num_ws: 4 },
    });
  const parts: Uint8Array[] = [];
  new PickleWriter((c) => parts.push(c), 4).dump(
    dict([
      ['G', generatorModule()],
      ['D', null],
      ['G_ema', generatorModule()],
      ['augment_pipe', null],
      ['training_set_kwargs', dict({ class_name: 'training.dataset.ImageFolderDataset', path: 'ffhq.zip' })],
    ]),
  );
  return concat(parts);
}
