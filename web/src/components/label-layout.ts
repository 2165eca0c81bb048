/** A label to place: its anchor in screen pixels and its text. */
export interface LabelItem {
  code: string;
  name: string;
  x: number;
  y: number;
}

/**
 * The labels that fit without overlapping, in the order given (put the most important first): each
 * label's box is estimated from its text (7 px a character, 18 px high, centred on its anchor) and a
 * label whose box meets one already placed, or leaves the map, is dropped.
 */
export function placeLabels(items: readonly LabelItem[], width: number, height: number): LabelItem[] {
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const out: LabelItem[] = [];
  for (const l of items) {
    const w = Math.min(220, 7 * l.name.length + 8);
    const box = { x0: l.x - w / 2, y0: l.y - 9, x1: l.x + w / 2, y1: l.y + 9 };
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
    if (placed.some((p) => box.x0 < p.x1 && box.x1 > p.x0 && box.y0 < p.y1 && box.y1 > p.y0)) continue;
    placed.push(box);
    out.push(l);
  }
  return out;
}
