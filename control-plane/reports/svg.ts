/** Inline SVG charts for the HTML report: no scripts, no external resources, every label escaped. */

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** One labelled bar. */
export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars, one row per item; `max` fixes the scale (e.g. 100 for percentages). */
export function barChart(bars: readonly Bar[], options: { max?: number; unit?: string; width?: number; digits?: number } = {}): string {
  if (bars.length === 0) return '';
  const width = options.width ?? 640;
  const [labelWidth, valueWidth, rowHeight] = [200, 70, 18];
  const plotWidth = width - labelWidth - valueWidth;
  const max = options.max ?? Math.max(...bars.map((b) => b.value), 1);
  const height = bars.length * rowHeight + 4;
  const rows = bars.map((bar, index) => {
    const y = index * rowHeight + 2;
    const length = Math.max(0, Math.min(1, bar.value / max)) * plotWidth;
    const label = bar.label.length > 30 ? `${bar.label.slice(0, 29)}…` : bar.label;
    const value = `${bar.value.toFixed(options.digits ?? 0)}${options.unit ?? ''}`;
    return (
      `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 2}" width="${length.toFixed(1)}" height="${rowHeight - 6}" class="bar"/>` +
      `<text x="${(labelWidth + length + 4).toFixed(1)}" y="${y + 12}">${escapeHtml(value)}</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${rows.join('')}</svg>`;
}
