/** The synthetic generator's modules (G and G_ema), recording every tensor it emits, for synthetic snapshots. */
import {
  buffer,
  numpyFloat64,
  parameter,
  persistentModule,
  type Random,
  type StorageData,
  type StorageKind,
  torchModule,
} from './pickle-torch';
import { dict, float, list, type Py } from './pickle-writer';
import type { SyntheticSpec } from './synthetic-snapshot';

function channels(spec: SyntheticSpec, res: number): number {
  return Math.min(Math.floor(spec.channelBase / res), spec.channelMax);
}

export interface TensorRecord {
  name: string;
  shape: number[];
  /** The values written (only with `captureValues`). */
  values?: Float32Array;
}

/** Builds the G modules and records every G_ema tensor name/shape it emits (in state-dict order). */
export class GeneratorBuilder {
  readonly tensors: TensorRecord[] = [];
  constructor(
    private readonly spec: SyntheticSpec,
    private readonly rng: Random,
    private readonly cfg: (path: string) => Py,
    private readonly kind: StorageKind,
    private readonly record: boolean,
  ) {}

  private p(name: string, shape: number[], scale = 1): [string, Py] {
    return [name.slice(name.lastIndexOf('.') + 1), this.tensor(name, shape, scale, true)];
  }
  private b(name: string, shape: number[], data?: Float32Array): [string, Py] {
    return [name.slice(name.lastIndexOf('.') + 1), this.tensor(name, shape, 1, false, data)];
  }
  private tensor(name: string, shape: number[], scale: number, isParam: boolean, data?: Float32Array): Py {
    const count = shape.reduce((a, c) => a * c, 1);
    if (this.record && this.spec.captureValues && !data) {
      data = new Float32Array(count);
      this.rng.fill(data, scale);
    }
    if (this.record) this.tensors.push(this.spec.captureValues ? { name, shape, values: data } : { name, shape });
    const poison = this.record ? this.spec.poisonValues?.[name] : undefined;
    if (poison !== undefined) {
      if (!data) {
        data = new Float32Array(count);
        this.rng.fill(data, scale);
      }
      data = data.slice();
      data[0] = poison;
    }
    const values: StorageData = data ?? { random: this.rng, count, scale };
    return isParam ? parameter(values, shape, this.kind) : buffer(values, shape, this.kind);
  }

  private persistent(className: string, m: Omit<Parameters<typeof persistentModule>[0], 'className'>): Py {
    const overrides = this.record ? this.spec.attrOverrides?.[className] : undefined;
    if (overrides) m = { ...m, attrs: { ...m.attrs, ...overrides } };
    if (this.record && className === 'Generator' && this.spec.extraGeneratorModules)
      m = { ...m, modules: [...(m.modules ?? []), ...this.spec.extraGeneratorModules] };
    return persistentModule(
      { className, ...m },
      this.spec.modulePrefix ?? 'src.',
      this.spec.moduleSources?.[className],
    );
  }

  private fc(
    prefix: string,
    outF: number,
    inF: number,
    opts: { bias?: boolean; lr?: number; activation?: string; biasInit?: number },
  ): Py {
    const lr = opts.lr ?? 1;
    const params: Array<[string, Py]> = [this.p(`${prefix}.weight`, [outF, inF])];
    if (opts.bias !== false) params.push(this.p(`${prefix}.bias`, [outF], 0.1));
    return this.persistent('FullyConnectedLayer', {
      params,
      attrs: {
        activation: opts.activation ?? 'linear',
        ...(opts.bias === false ? { bias: null } : {}),
        weight_gain: numpyFloat64(lr / Math.sqrt(inF)),
        bias_gain: lr === 1 ? 1 : float(lr),
      },
    });
  }

  private filter(): Float32Array {
    const k = [1, 3, 3, 1];
    const out = new Float32Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) out[i * 4 + j] = (k[i]! * k[j]!) / 64;
    return out;
  }

  private layer(prefix: string, inC: number, outC: number, res: number, up: number): Py {
    const s = this.spec;
    // State-dict order: parameters, then buffers. noise_strength is a zero-dim parameter; noise_const a [R, R] buffer.
    const params: Array<[string, Py]> = [
      this.p(`${prefix}.weight`, [outC, inC, 3, 3]),
      this.p(`${prefix}.bias`, [outC], 0.1),
    ];
    if (s.useNoise) params.push(this.p(`${prefix}.noise_strength`, [], 0.1));
    const buffers: Array<[string, Py]> = [this.b(`${prefix}.resample_filter`, [4, 4], this.filter())];
    if (s.useNoise) buffers.push(this.b(`${prefix}.noise_const`, [res, res]));
    return this.persistent('SynthesisLayer', {
      params,
      buffers,
      modules: [['affine', this.fc(`${prefix}.affine`, inC, s.wDim, { biasInit: 1 })]],
      attrs: {
        cfg: this.cfg('model.generator'),
        resolution: res,
        up,
        activation: 'lrelu',
        conv_clamp: s.convClamp,
        padding: 1,
        act_gain: numpyFloat64(Math.SQRT2),
      },
    });
  }

  private torgb(prefix: string, inC: number): Py {
    const s = this.spec;
    return this.persistent('ToRGBLayer', {
      params: [this.p(`${prefix}.weight`, [3, inC, 1, 1]), this.p(`${prefix}.bias`, [3], 0.1)],
      modules: [['affine', this.fc(`${prefix}.affine`, inC, s.wDim, {})]],
      attrs: { conv_clamp: s.convClamp, weight_gain: numpyFloat64(1 / Math.sqrt(inC)) },
    });
  }

  build(): Py {
    const s = this.spec;
    const log2 = Math.log2(s.resolution);
    const resolutions = Array.from({ length: log2 - 1 }, (_, i) => 2 ** (i + 2));
    const numWs = 2 * log2 - 2;

    // motion encoder
    const D = s.timeEncDim;
    // src/training/motion.py: conv1d (z_dim + c_dim -> z_dim), conv1d (z_dim -> v_dim); the time encoder reads v_dim.
    const Z = s.motionZDim;
    const L = s.motionVDim ?? s.motionZDim;
    const te = 'synthesis.motion_encoder.time_encoder';
    const freqs = Float32Array.from({ length: D }, (_, i) => (2 * Math.PI) / (s.minPeriodLen * 2 ** (i / 2)));
    const timeEncoder = this.persistent('AlignedTimeEncoder', {
      buffers: [this.b(`${te}.freqs`, [1, D], freqs), this.b(`${te}.phase_scales`, [1, D])],
      modules: [
        ['periods_predictor', this.fc(`${te}.periods_predictor`, D, L, { bias: false })],
        ['phase_predictor', this.fc(`${te}.phase_predictor`, D, L, { bias: false })],
        ['aligners_predictor', this.fc(`${te}.aligners_predictor`, 2 * D, L, { bias: false })],
      ],
      attrs: { cfg: this.cfg('model.generator'), latent_dim: L },
    });
    const conv = (i: number, inC: number, outC: number) =>
      this.persistent('EqLRConv1d', {
        params: [
          this.p(`synthesis.motion_encoder.conv.${i}.weight`, [outC, inC, s.kernelSize]),
          this.p(`synthesis.motion_encoder.conv.${i}.bias`, [outC], 0.1),
        ],
        attrs: {
          activation: 'lrelu',
          weight_gain: numpyFloat64(0.01 / Math.sqrt(inC * s.kernelSize)),
          bias_gain: float(0.01),
          padding: 0,
          stride: 1,
        },
      });
    const seq = torchModule('torch.nn.modules.container.Sequential', {
      modules: [
        ['0', conv(0, Z + s.cDim, Z)],
        ['1', conv(1, Z, L)],
      ],
    });
    const motionEncoder = this.persistent('MotionMappingNetwork', {
      modules: [
        ['time_encoder', timeEncoder],
        ['conv', seq],
      ],
      attrs: { cfg: this.cfg('model.generator'), num_additional_codes: 2 * (s.kernelSize - 1) },
    });

    // blocks
    const synthMods: Array<[string, Py]> = [['motion_encoder', motionEncoder]];
    let prevC = 0;
    for (const res of resolutions) {
      const outC = channels(s, res);
      const prefix = `synthesis.b${res}`;
      const buffers = [this.b(`${prefix}.resample_filter`, [4, 4], this.filter())];
      const mods: Array<[string, Py]> = [];
      if (res === 4) {
        const temporal = this.persistent('TemporalInput', {
          params: [this.p(`${prefix}.input.input.const`, [1, outC, 4, 4])],
          attrs: { cfg: this.cfg('model.generator'), motion_v_dim: 2 * D },
        });
        mods.push([
          'input',
          this.persistent('GenInput', {
            modules: [['input', temporal]],
            attrs: { cfg: this.cfg('model.generator'), total_dim: outC + 2 * D },
          }),
        ]);
        mods.push(['conv1', this.layer(`${prefix}.conv1`, outC + 2 * D, outC, res, 1)]);
      } else {
        mods.push(['conv0', this.layer(`${prefix}.conv0`, prevC, outC, res, 2)]);
        mods.push(['conv1', this.layer(`${prefix}.conv1`, outC, outC, res, 1)]);
      }
      mods.push(['torgb', this.torgb(`${prefix}.torgb`, outC)]);
      synthMods.push([
        `b${res}`,
        this.persistent('SynthesisBlock', {
          buffers,
          modules: mods,
          attrs: {
            cfg: this.cfg('model.generator'),
            in_channels: prevC,
            w_dim: s.wDim,
            resolution: res,
            img_channels: 3,
            is_last: res === s.resolution,
            architecture: 'skip',
            use_fp16: false,
            channels_last: false,
            num_conv: res === 4 ? 1 : 2,
            num_torgb: 1,
          },
        }),
      ]);
      prevC = outC;
    }
    // Official order: synthesis's children (motion_encoder, blocks) then mapping; the block buffers come first.
    const synthesis = this.persistent('SynthesisNetwork', {
      modules: synthMods,
      attrs: {
        w_dim: s.wDim,
        cfg: this.cfg('model.generator'),
        img_resolution: s.resolution,
        img_resolution_log2: log2,
        img_channels: 3,
        block_resolutions: list(...resolutions),
        motion_v_dim: 2 * D,
        num_ws: numWs,
      },
    });
    // mapping (own buffers come before children in the state dict)
    const mappingBuf: Array<[string, Py]> = [this.b('mapping.w_avg', [s.wDim])];
    const mapMods: Array<[string, Py]> = [];
    if (s.cDim > 0) mapMods.push(['embed', this.fc('mapping.embed', s.wDim, s.cDim, {})]);
    for (let i = 0; i < s.mappingLayers; i++) {
      const inF = i === 0 ? s.zDim + (s.cDim > 0 ? s.wDim : 0) : s.wDim;
      mapMods.push([`fc${i}`, this.fc(`mapping.fc${i}`, s.wDim, inF, { lr: 0.01, activation: 'lrelu' })]);
    }
    const mapping = this.persistent('MappingNetwork', {
      buffers: mappingBuf,
      modules: mapMods,
      attrs: {
        cfg: this.cfg('model.generator'),
        z_dim: s.zDim,
        c_dim: s.cDim,
        w_dim: s.wDim,
        num_ws: numWs,
        num_layers: s.mappingLayers,
        w_avg_beta: float(0.995),
      },
    });

    return this.persistent('Generator', {
      modules: [
        ['synthesis', synthesis],
        ['mapping', mapping],
      ],
      attrs: {
        cfg: this.cfg('model.generator'),
        sampling_dict: dict({}),
        z_dim: s.zDim,
        c_dim: s.cDim,
        w_dim: s.wDim,
        img_resolution: s.resolution,
        img_channels: 3,
        num_ws: numWs,
      },
    });
  }
}
