// IR facts ONNX has no field for, kept in the model's metadata_props so import(export(net)) == net:
// the input's quantization (an int8 graph input carries no scale) and parameter-counting flags.
// Other tools ignore the entry; a malformed one is reported, never trusted.
import { OhmflowError } from '../errors.js';
import type { Network, TensorQuant } from '../ir/types.js';
import type { ModelProto } from './proto.js';

const METADATA_KEY = 'ohmflow.ir';

export interface IrMetadata {
  readonly inputQuant?: TensorQuant;
  /** Convs holding a folded BatchNorm (Conv2dLayer.foldedBatchNorm). */
  readonly foldedBatchNorm: readonly string[];
  /** Conv and dense layers whose source had no bias (hasBias: false). */
  readonly noBias: readonly string[];
  /** ReLU layers the IR keeps separate (their Clip would otherwise fold into the op before). */
  readonly separateRelu: readonly string[];
  /** Affine layers, exported as depthwise 1x1 QLinearConvs (absent in files written before them). */
  readonly affine?: readonly string[];
}

export function networkMetadata(net: Network): { key: string; value: string } {
  const input = net.layers.find((l) => l.kind === 'input');
  // Affine layers are listed only when there are some, so files without them keep their bytes.
  const affine = net.layers.filter((l) => l.kind === 'affine').map((l) => l.name);
  const metadata: IrMetadata = {
    ...(input?.kind === 'input' ? { inputQuant: input.quant } : {}),
    foldedBatchNorm: net.layers.filter((l) => l.kind === 'conv2d' && l.foldedBatchNorm).map((l) => l.name),
    noBias: net.layers.filter((l) => (l.kind === 'conv2d' || l.kind === 'dense') && l.hasBias === false).map((l) => l.name),
    separateRelu: net.layers.filter((l) => l.kind === 'relu').map((l) => l.name),
    ...(affine.length > 0 ? { affine } : {}),
  };
  return { key: METADATA_KEY, value: JSON.stringify(metadata) };
}

const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

export function readMetadata(model: ModelProto, source: string): IrMetadata {
  const entry = (model.metadataProps ?? []).find((p) => p.key === METADATA_KEY);
  if (entry === undefined) return { foldedBatchNorm: [], noBias: [], separateRelu: [] };
  const bad = () => new OhmflowError('malformed ohmflow metadata', { field: `${source}: metadata_props "${METADATA_KEY}"`, fix: 'remove the entry or export the model again' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.value ?? '');
  } catch {
    throw bad();
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad();
  const { inputQuant, foldedBatchNorm, noBias, separateRelu, affine } = parsed as Record<string, unknown>;
  if (!isNameList(foldedBatchNorm) || !isNameList(noBias) || !isNameList(separateRelu) || (affine !== undefined && !isNameList(affine))) throw bad();
  const lists = { foldedBatchNorm, noBias, separateRelu, ...(affine === undefined ? {} : { affine }) };
  if (inputQuant === undefined) return lists;
  const q = inputQuant as Record<string, unknown>;
  const scale = q?.scale;
  const zeroPoint = q?.zeroPoint;
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale) || typeof zeroPoint !== 'number' || !Number.isInteger(zeroPoint) || zeroPoint < -128 || zeroPoint > 127) {
    throw bad();
  }
  return { inputQuant: { scale, zeroPoint }, ...lists };
}
