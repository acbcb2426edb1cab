/** The four charts of a host page (CPU, memory, disks, network) over one window. */
import { useMemo } from 'preact/hooks';
import { getLang, t } from '../i18n/index.ts';
import { chartData, type Picker } from '../series.ts';
import type { SamplePoint } from '../types.ts';
import { TimeChart, type ChartUnit } from './time-chart.tsx';

export interface HostChartsProps {
  points: readonly SamplePoint[];
  intervalSeconds: number;
  fromAt: number;
  toAt: number;
  timeZone?: string;
}

function pickers(): Array<{ id: string; title: string; unit: ChartUnit; pick: Picker }> {
  return [
    { id: 'cpu', title: t('chart.cpu'), unit: 'percent', pick: (m) => [[t('chart.cpuUsed'), m.cpu.usagePercent]] },
    {
      id: 'memory',
      title: t('chart.memory'),
      unit: 'percent',
      pick: (m) => [
        [t('chart.memoryUsed'), m.memory.usedPercent],
        ...(m.memory.swapTotalBytes > 0 ? [[t('chart.swapUsed'), (m.memory.swapUsedBytes / m.memory.swapTotalBytes) * 100] as const] : []),
      ],
    },
    { id: 'disk', title: t('chart.disk'), unit: 'percent', pick: (m) => m.disks.map((d) => [d.mount, d.usedPercent] as const) },
    {
      id: 'network',
      title: t('chart.network'),
      unit: 'rate',
      pick: (m) =>
        m.network.flatMap((n) => [
          [t('chart.rx', { iface: n.iface }), n.rxBytesPerSecond] as const,
          [t('chart.tx', { iface: n.iface }), n.txBytesPerSecond] as const,
        ]),
    },
  ];
}

export function HostCharts({ points, intervalSeconds, fromAt, toAt, timeZone }: HostChartsProps) {
  const lang = getLang();
  const charts = useMemo(
    () => pickers().map((chart) => ({ ...chart, data: chartData(points, chart.pick, intervalSeconds) })),
    [points, intervalSeconds, lang],
  );
  return (
    <div class="charts">
      {charts.map((chart) => (
        <TimeChart key={chart.id} title={chart.title} data={chart.data} unit={chart.unit} fromAt={fromAt} toAt={toAt} lang={lang} timeZone={timeZone} />
      ))}
    </div>
  );
}
