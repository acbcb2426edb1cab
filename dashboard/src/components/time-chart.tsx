/**
 * A uPlot time-series chart. uPlot is created once per set of series and fed new data in
 * place, so live samples redraw without rebuilding the chart; its width follows the
 * container. Axis and legend text goes through Intl in the chosen locale and zone.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDateTime, formatPercent, formatRate, formatTime } from '../format.ts';
import { t, type Lang } from '../i18n/index.ts';
import type { ChartData } from '../series.ts';

// Rate ticks at 1, 2, 5 times powers of 1024, so the axis reads 100 KiB/s, not 97.7 KiB/s.
const RATE_INCREMENTS = [0, 1, 2, 3, 4].flatMap((power) => [1, 2, 5, 10, 20, 50, 100, 200, 500].map((step) => step * 1024 ** power));
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
const HEIGHT = 180;

export type ChartUnit = 'percent' | 'rate';

export interface TimeChartProps {
  title: string;
  data: ChartData;
  unit: ChartUnit;
  /** Visible window, epoch milliseconds. */
  fromAt: number;
  toAt: number;
  lang: Lang;
  timeZone?: string;
}

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

function formatValue(unit: ChartUnit, value: number | null, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  return unit === 'percent' ? formatPercent(value, lang) : formatRate(value, lang);
}

/** Away from the cursor the legend shows the newest values instead of dashes. */
function showLatestWhenIdle(chart: uPlot) {
  const count = chart.data[0]?.length ?? 0;
  if (chart.cursor.idx === null && count > 0) chart.setLegend({ idx: count - 1 }, false);
}

function options(props: TimeChartProps, width: number): uPlot.Options {
  const { unit, lang, timeZone, data } = props;
  const axis = { stroke: cssVar('--pico-muted-color', '#666'), grid: { stroke: cssVar('--pico-muted-border-color', '#ddd'), width: 1 }, ticks: { show: false } };
  const valueFormatter = (_: uPlot, value: number | null) => formatValue(unit, value, lang);
  return {
    width,
    height: HEIGHT,
    tzDate: timeZone ? (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone) : undefined,
    scales: { x: { time: true }, y: unit === 'percent' ? { range: [0, 100] } : { range: (_u, _min, max) => [0, Math.max(1024, max * 1.1)] } },
    axes: [
      { ...axis, values: (_u, splits) => splits.map((s) => formatTime(s * 1000, lang, timeZone).slice(0, 5)) },
      {
        ...axis,
        size: unit === 'rate' ? 80 : 50,
        incrs: unit === 'rate' ? RATE_INCREMENTS : undefined,
        values: (_u, splits) => splits.map((s) => formatValue(unit, s, lang)),
      },
    ],
    series: [
      { label: t('chart.time'), value: (_u, value) => (value === null ? '–' : formatDateTime(value * 1000, lang, timeZone)) },
      ...data.labels.map((label, i) => ({
        label,
        stroke: PALETTE[i % PALETTE.length],
        width: 1.5,
        fill: data.labels.length === 1 ? `${PALETTE[0]}22` : undefined,
        spanGaps: false,
        points: { show: false },
        value: valueFormatter,
      })),
    ],
    cursor: { drag: { x: false, y: false } },
    hooks: { setCursor: [showLatestWhenIdle] },
  };
}

const aligned = (data: ChartData): uPlot.AlignedData => [data.times, ...data.columns];

/** Latest value of each series, for the chart's text alternative. */
function summary(props: TimeChartProps): string {
  const parts = props.data.labels.map((label, i) => {
    const column = props.data.columns[i];
    let value: number | null = null;
    for (let j = column.length - 1; j >= 0 && value === null; j -= 1) value = column[j];
    return `${label} ${formatValue(props.unit, value, props.lang)}`;
  });
  return parts.length ? t('chart.latest', { title: props.title, values: parts.join(', ') }) : `${props.title}: ${t('chart.empty')}`;
}

export function TimeChart(props: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const seriesKey = `${props.data.labels.join('\u0000')}|${props.unit}|${props.lang}|${props.timeZone ?? ''}`;

  useEffect(() => {
    const element = container.current!;
    const chart = new uPlot(options(props, element.clientWidth || 300), aligned(props.data), element);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [seriesKey]);

  useEffect(() => {
    const chart = plot.current;
    if (!chart) return;
    chart.batch(() => {
      chart.setData(aligned(props.data), false);
      chart.setScale('x', { min: props.fromAt / 1000, max: props.toAt / 1000 });
    });
    showLatestWhenIdle(chart);
  }, [props.data, props.fromAt, props.toAt, seriesKey]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={container} class="chart-plot" role="img" aria-label={summary(props)} />
      {props.data.times.length === 0 && <p class="chart-empty">{t('chart.empty')}</p>}
    </figure>
  );
}
