// How a band deals its output pixels to its lanes (crossbar copies, or a tile's digital units): to
// the lane with the fewest pixels dealt so far among those with room, so a copy that is busy (one
// on another tile holds its pixel until the forwarded input rows reach it) is skipped only while
// it is busy and gets the next pixels once it has room. Copies keep near the model's even split.
import type { Band, Lane } from './layerState.js';

/** Lookahead per lane: one pixel computing, one fetched into the (double-buffered) input register. */
export const LANE_DEPTH = 2;

/** Whether the lane may take a pixel: fewer than LANE_DEPTH before its output stage, and room in
 *  that stage. */
function hasRoom(lane: Lane): boolean {
  return lane.computing < LANE_DEPTH && lane.inFlight < LANE_DEPTH + lane.outputDepth;
}

/**
 * The lane of the band that takes the next pixel, or undefined when none has room. Of the lanes
 * with room, the one with the fewest pixels dealt (a counter per copy, as a deficit round-robin
 * arbiter keeps); then the one with the fewest before its stage; then the first in rotation from
 * the last one picked. Dealing to the first idle copy instead gave the copies on the band's own
 * tile most pixels (densenet121's denseblock1.denselayer1.conv2: 84% on tile 2's four copies, the
 * model 15%), so their tile's links carried more than the model's share; dealing in fixed
 * rotation stalled on busy copies (squeezenet1_0 on isaac +48.5%): docs/ppa-model.md.
 */
export function pickLane(band: Band): Lane | undefined {
  const lanes = band.lanes;
  const n = lanes.length;
  let best: Lane | undefined;
  let bestAt = -1;
  for (let k = 0; k < n; k++) {
    const i = (band.nextLane + k) % n;
    const lane = lanes[i];
    if (!hasRoom(lane)) continue;
    if (best === undefined || lane.dealt < best.dealt || (lane.dealt === best.dealt && lane.computing < best.computing)) {
      best = lane;
      bestAt = i;
    }
  }
  if (best === undefined) return undefined;
  band.nextLane = (bestAt + 1) % n;
  best.dealt++;
  return best;
}
