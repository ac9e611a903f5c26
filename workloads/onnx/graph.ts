// A checked view of a decoded ONNX graph: nodes with names for errors, constant tensors (initializers
// and Constant nodes), the one graph input and output, and typed attribute getters that reject
// missing or malformed values with an OhmflowError naming the node.
import { OhmflowError } from '../errors.js';
import type { AttributeProto, ModelProto, NodeProto, ValueInfoProto } from './proto.js';
import { decodeTensor, type DecodedTensor } from './tensors.js';

export interface OnnxNode {
  /** The node's name, or a stand-in built from its index and op type when the file has none. */
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, AttributeProto>;
}

export interface OnnxGraphInput {
  readonly name: string;
  readonly elemType: number;
  /** Dimensions including the batch; undefined where the file has a symbolic or missing dimension. */
  readonly dims: readonly (number | undefined)[];
}

export interface OnnxGraph {
  /** The graph's own name, '' when the file has none. */
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly constants: ReadonlyMap<string, DecodedTensor>;
  readonly input: OnnxGraphInput;
  readonly output: string;
}

/** The fix of errors that only a corrupt or hand-edited file can cause. */
export const REEXPORT = 'the file is inconsistent: export the model again';

/** Names a node in errors: `node "conv1" (Conv)`. */
export function nodeField(node: OnnxNode): string {
  return `node "${node.name}" (${node.opType})`;
}

function readInput(info: ValueInfoProto, source: string): OnnxGraphInput {
  const tensorType = info.type?.tensorType;
  const name = info.name ?? '';
  if (!tensorType || !name) {
    throw new OhmflowError('the graph input is not a named tensor', { field: source, fix: REEXPORT });
  }
  const dims = (tensorType.shape?.dim ?? []).map((d) =>
    d.dimValue !== undefined && Number.isSafeInteger(d.dimValue) && d.dimValue > 0 ? d.dimValue : undefined,
  );
  return { name, elemType: tensorType.elemType ?? 0, dims };
}

function toNode(proto: NodeProto, index: number, source: string): OnnxNode {
  const opType = proto.opType ?? '';
  const name = proto.name || `#${index} ${opType || '(no op type)'}`;
  const attributes = new Map<string, AttributeProto>();
  for (const a of proto.attribute ?? []) attributes.set(a.name ?? '', a);
  const node = { name, opType, domain: proto.domain ?? '', inputs: proto.input ?? [], outputs: proto.output ?? [], attributes };
  if (!opType) throw new OhmflowError('node has no op type', { field: `${source}: ${nodeField(node)}`, fix: REEXPORT });
  if (node.outputs.length === 0) throw new OhmflowError('node has no output', { field: nodeField(node), fix: REEXPORT });
  return node;
}

/** Checks the model's structure; `source` (file name) is named when the graph itself is missing. */
export function readGraph(model: ModelProto, source: string): OnnxGraph {
  const graph = model.graph;
  if (!graph) throw new OhmflowError('the model has no graph', { field: source, fix: 'check that the file is an ONNX model' });
  const constants = new Map<string, DecodedTensor>();
  for (const init of graph.initializer ?? []) {
    const name = init.name ?? '';
    constants.set(name, decodeTensor(init, `${source}: initializer "${name}"`));
  }
  const nodes: OnnxNode[] = [];
  (graph.node ?? []).forEach((proto, i) => {
    const node = toNode(proto, i, source);
    if (node.opType === 'Constant' && node.domain === '') {
      const value = node.attributes.get('value');
      if (!value?.t) throw new OhmflowError('Constant without a tensor "value" attribute', { field: nodeField(node), fix: 'fold constants before export (torch.onnx.export(..., do_constant_folding=True))' });
      constants.set(node.outputs[0], decodeTensor(value.t, nodeField(node)));
    } else {
      nodes.push(node);
    }
  });
  const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name ?? ''));
  if (inputs.length !== 1) {
    throw new OhmflowError(`the graph has ${inputs.length} non-constant inputs; ohmflow networks have exactly one`, { field: source, fix: 'export a model that takes one input tensor (the image)' });
  }
  const outputs = graph.output ?? [];
  if (outputs.length !== 1 || !outputs[0].name) {
    throw new OhmflowError(`the graph has ${outputs.length} outputs; ohmflow networks have exactly one`, { field: source, fix: 'export a model whose forward returns one tensor' });
  }
  return { name: graph.name ?? '', nodes, constants, input: readInput(inputs[0], source), output: outputs[0].name };
}

function attribute(node: OnnxNode, name: string): AttributeProto | undefined {
  return node.attributes.get(name);
}

export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a = attribute(node, name);
  if (a === undefined) return fallback;
  const i = a.i ?? 0;
  if (!Number.isSafeInteger(i)) throw new OhmflowError(`attribute ${name} is not an integer`, { field: nodeField(node), fix: REEXPORT });
  return i;
}

export function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const a = attribute(node, name);
  if (a === undefined) return fallback;
  const f = a.f ?? 0;
  if (!Number.isFinite(f)) throw new OhmflowError(`attribute ${name} is not a finite number`, { field: nodeField(node), fix: REEXPORT });
  return f;
}

export function attrInts(node: OnnxNode, name: string, fallback: readonly number[]): readonly number[] {
  const a = attribute(node, name);
  if (a === undefined) return fallback;
  const ints = a.ints ?? [];
  if (ints.some((i) => !Number.isSafeInteger(i))) throw new OhmflowError(`attribute ${name} holds a non-integer`, { field: nodeField(node), fix: REEXPORT });
  return ints;
}

export function attrString(node: OnnxNode, name: string, fallback: string): string {
  const a = attribute(node, name);
  if (a?.s === undefined) return fallback;
  return new TextDecoder().decode(a.s);
}
