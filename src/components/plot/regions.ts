// Decision regions on a canvas: each cell of a grid of P(class B) tinted from the page background
// towards the class colour, the more the more certain the model is. Colours come from the theme's
// CSS variables, so the regions are dark in dark mode; repaint on `onThemeChange`.
import { cssVar } from './palette';

type Rgb = [number, number, number];

/** '#rrggbb', '#rgb' or 'rgb(r, g, b)' as numbers; black when unreadable. */
export function parseColor(css: string): Rgb {
  const s = css.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [0, 0, 0];
}

/**
 * RGBA pixels for `probs` (row-major, first row at the top): class A where p < 0.5, class B above,
 * at most `strength` of the way from the background to the class colour.
 */
export function regionPixels(probs: ArrayLike<number>, colours: { background: Rgb; a: Rgb; b: Rgb }, strength = 0.6): Uint8ClampedArray {
  const out = new Uint8ClampedArray(probs.length * 4);
  const { background: bg } = colours;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const t = Math.min(1, Math.abs(p - 0.5) * 2) * strength;
    const c = p > 0.5 ? colours.b : colours.a;
    for (let k = 0; k < 3; k++) out[i * 4 + k] = bg[k] + (c[k] - bg[k]) * t;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Paints a res × res grid of P(class B) onto `canvas` in the current theme's colours. */
export function paintRegions(canvas: HTMLCanvasElement, probs: ArrayLike<number>, res: number, strength = 0.6): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const colours = {
    background: parseColor(cssVar(canvas, '--bg')),
    a: parseColor(cssVar(canvas, '--class-a')),
    b: parseColor(cssVar(canvas, '--class-b')),
  };
  const img = ctx.createImageData(res, res);
  img.data.set(regionPixels(probs, colours, strength));
  ctx.putImageData(img, 0, 0);
}

/** Calls `cb` when the page switches between light and dark (the toggle or the system setting). */
export function onThemeChange(cb: () => void): () => void {
  const observer = new MutationObserver(cb);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', cb);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', cb);
  };
}
