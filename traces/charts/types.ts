// Inputs of the chart functions: plain data shaped like the report contract (docs/architecture.md), so
// charts depend on no producer's files. Only the fields a chart reads are required.

/** One layer of the `analytical` or `simulated` object of the report. */
export interface ChartLayer {
  readonly name: string;
  readonly latencyNs: number;
  readonly energyPj: number;
  /**
   * Energy of this layer by component kind. The report contract has only the per-layer total and
   * the network-wide breakdown; when absent, the layer is one "total" segment.
   */
  readonly energyPjByKind?: Readonly<Record<string, number>>;
}

/** The parts of the report's `analytical` (or `simulated`) object that the charts read. */
export interface ChartReport {
  readonly breakdown: {
    readonly energyPj: Readonly<Record<string, number>>;
    readonly areaMm2: Readonly<Record<string, number>>;
  };
  readonly layers: readonly ChartLayer[];
}

/** A layer busy from startNs to endNs (e.g. one image through one layer), for the timeline. */
export interface OccupancyInterval {
  readonly layer: string;
  readonly startNs: number;
  readonly endNs: number;
  readonly image?: number;
}

/** One design point of a DSE run. */
export interface ParetoPoint {
  readonly x: number;
  readonly y: number;
  readonly label?: string;
  /** Points of different groups (networks) never dominate each other: each group has its front. */
  readonly group?: string;
}

export interface ParetoAxes {
  /** Axis titles with units, e.g. "latency (ns)". */
  readonly xTitle: string;
  readonly yTitle: string;
  /** Which direction is better on each axis (default: smaller is better on both). */
  readonly maximizeX?: boolean;
  readonly maximizeY?: boolean;
}

export interface ChartSize {
  readonly widthPx: number;
  readonly heightPx: number;
}
