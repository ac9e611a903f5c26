// The float accuracy of a network, when known: the top of the ladder float > integer reference >
// chip. A hook for trained networks that publish it; the zoo's networks have synthetic weights
// and none. Keys are network names as the IR gives them.
export interface FloatAccuracy {
  top1: number;
  top5?: number;
  /** Where the figure comes from. */
  source: string;
}

const KNOWN: Readonly<Record<string, FloatAccuracy>> = {};

export function floatAccuracy(netName: string): FloatAccuracy | undefined {
  return Object.hasOwn(KNOWN, netName) ? KNOWN[netName] : undefined;
}
