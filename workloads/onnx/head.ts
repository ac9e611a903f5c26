// A final Softmax or LogSoftmax over the classes. Both are strictly increasing in each logit, so
// the class with the largest output is the class with the largest logit: the importer drops them
// and the network outputs the logits before them (int8, with their own quantization). The drop is
// reported with the quantization contract (ParsedOnnx.droppedHead), since the outputs are then
// logits, not probabilities. Anywhere else a Softmax changes values later layers read: rejected.
import { OhmflowError } from '../errors.js';
import { attrInt, nodeField, type OnnxNode } from './graph.js';
import type { Converter } from './converter.js';

export function dropFinalSoftmax(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  const shape = c.shapeOf(x.layer);
  // Opset 13 defaults axis to -1, earlier opsets to 1: on [N, classes] both are the class axis.
  const axis = attrInt(node, 'axis', -1);
  const fix = 'keep the Softmax only as the model\'s last op, over the classes of an [N, classes] output (or export without it: the largest logit picks the same class)';
  if (node.outputs[0] !== c.graph.output) throw new OhmflowError(`${node.opType} is supported only as the last op (it is dropped: outputs are the logits before it)`, { field: nodeField(node), fix });
  if (shape.length !== 1 || (axis !== 1 && axis !== -1)) {
    throw new OhmflowError(`${node.opType} over axis ${axis} of [1, ${shape.join(', ')}] is not over the classes of an [N, classes] output`, { field: nodeField(node), fix });
  }
  c.droppedHead = `${node.opType} node "${node.name}"`;
  c.otherTensors.add(node.outputs[0]);
  c.setOutput(node, x);
}
