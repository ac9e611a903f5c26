// Kernel-split input reuse (Peng et al. 2020): each input pixel (all its channels) is fetched once
// and fed to all Kh*Kw array sets, which add into the partial sums of every output pixel whose
// window holds it. Walking output pixels in raster order, pixel p fetches the input pixels no
// earlier pixel's window covered. The engine charges buffer reads and bus bits by these counts.
import type { WindowGeometry } from './window.js';

/** Per output pixel (raster order over outH x outW): input pixels its window is the first to cover. */
export function firstReadPixels(g: WindowGeometry, outH: number, outW: number): Int32Array {
  const seen = new Uint8Array(g.inH * g.inW);
  const counts = new Int32Array(outH * outW);
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let n = 0;
      const top = oy * g.sh - g.padTop;
      const left = ox * g.sw - g.padLeft;
      // Taps ky * dh rows down: a dilated window skips the rows between its taps.
      for (let ky = 0; ky < g.kh; ky++) {
        const y = top + ky * g.dh;
        if (y < 0 || y >= g.inH) continue;
        for (let kx = 0; kx < g.kw; kx++) {
          const x = left + kx * g.dw;
          if (x < 0 || x >= g.inW) continue;
          const i = y * g.inW + x;
          if (seen[i] === 0) {
            seen[i] = 1;
            n++;
          }
        }
      }
      counts[oy * outW + ox] = n;
    }
  }
  return counts;
}
