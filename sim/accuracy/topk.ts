// Whether a network's output ranks the true class among its top k. Int8 outputs tie often (a
// saturated or weak network gives equal scores), so the rule must be stated: classes are ranked by
// score, ties broken by the lower class index (numpy.argmax's rule for top-1). A label's rank is
// the count of classes with a higher score, plus those with an equal score and a lower index.
export function labelRank(scores: ArrayLike<number>, label: number): number {
  const s = scores[label];
  let rank = 0;
  for (let c = 0; c < scores.length; c++) {
    if (scores[c] > s || (scores[c] === s && c < label)) rank++;
  }
  return rank;
}

/** Hits of one batch: how many labels ranked first, and how many within the first five. */
export interface Hits {
  top1: number;
  top5: number;
}

export function countHits(outputs: readonly ArrayLike<number>[], labels: ArrayLike<number>, offset = 0): Hits {
  const hits: Hits = { top1: 0, top5: 0 };
  outputs.forEach((y, k) => {
    const rank = labelRank(y, labels[offset + k]);
    if (rank < 1) hits.top1++;
    if (rank < 5) hits.top5++;
  });
  return hits;
}
