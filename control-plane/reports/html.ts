/**
 * The report as one self-contained HTML page (zh-CN or en): inline CSS with print rules for
 * A4, inline SVG charts, no scripts and no external resources. Every text from data is escaped.
 */
import { formatInstant } from '../../schedules/zone-clock.ts';
import { actionKindName, categoryName, recommendationText, words } from './i18n.ts';
import type { CriticalActionKind, DurationStats, ReportContent, ReportLocale, Tally } from './model.ts';
import { barChart, escapeHtml as e } from './svg.ts';

type Words = ReturnType<typeof words>;

/** Renders an ISO instant as local `YYYY-MM-DD HH:mm` in the report's zone. */
type LocalTime = (isoText: string) => string;

const STYLE = `
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: #1b1f24; margin: 24px; font-size: 13px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; border-bottom: 2px solid #2b6cb0; padding-bottom: 2px; margin-top: 24px; }
h3 { font-size: 14px; margin: 14px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; } th, td { border: 1px solid #cbd5e0; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #edf2f7; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.meta td { border: none; padding: 1px 8px 1px 0; } .kpi { display: inline-block; margin: 4px 16px 4px 0; } .kpi b { font-size: 18px; display: block; }
.chart text { font-size: 11px; fill: #1b1f24; } .chart .bar { fill: #2b6cb0; }
.rec-critical { color: #c53030; } .rec-warning { color: #b7791f; } .src { color: #4a5568; font-size: 11px; }
@page { size: A4; margin: 15mm 12mm; }
@media print { body { margin: 0; font-size: 10.5pt; } h2 { break-after: avoid; } tr, .chart, .kpi { break-inside: avoid; } section { break-inside: auto; } }
`;

/** Most rows a listing table shows; the CSV download has them all. */
const MAX_ROWS = 50;
const num = (value: number | null, digits = 1) => (value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const pct = (share: number | null, digits = 3) => (share === null ? '–' : `${(share * 100).toFixed(digits)}%`);
const hours = (seconds: number) => (seconds / 3600).toFixed(1);

function table(header: string[], rows: Array<Array<string | number | null>>, numeric: number[] = []): string {
  if (rows.length === 0) return '';
  const head = `<tr>${header.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${e(cell === null ? '–' : String(cell))}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

const kpi = (label: string, value: string) => `<span class="kpi"><b>${e(value)}</b>${e(label)}</span>`;
const tallyChart = (items: readonly Tally[], name: (key: string) => string = (key) => key) => barChart(items.slice(0, 12).map((t) => ({ label: name(t.key), value: t.count })));
const source = (w: Words, text: string) => `<p class="src">${e(w.sources)}: ${e(text)}</p>`;

function hostsPart(r: ReportContent, w: Words, local: LocalTime): string {
  const h = r.hosts;
  const changes = table([w.date, w.host, w.changes, w.detail], h.changes.map((c) => [local(c.at).slice(0, 10), c.hostName, c.kind, c.detail]));
  return `<section><h2>${e(w.hosts)}</h2>${kpi(w.hostsAtStart, String(h.atStart))}${kpi(w.hostsAtEnd, String(h.atEnd))}${kpi(w.added, String(h.added))}${kpi(w.removed, String(h.removed))}${changes}${source(w, h.trace.source)}</section>`;
}

function availabilityPart(r: ReportContent, w: Words): string {
  const a = r.availability;
  const worst = [...a.hosts].filter((h) => h.availability !== null).sort((x, y) => x.availability! - y.availability!).slice(0, 20);
  const chart = barChart(worst.map((h) => ({ label: h.hostName, value: h.availability! * 100 })), { max: 100, unit: '%', digits: 2 });
  const rows = a.hosts.map((h) => [h.hostName, hours(h.expectedSeconds), hours(h.maintenanceSeconds), hours(h.downtimeSeconds), pct(h.availability)]);
  return (
    `<section><h2>${e(w.availability)}</h2>${kpi(w.tenantAvailability, pct(a.tenant.availability))}${kpi(w.maintenanceHours, hours(a.tenant.maintenanceSeconds))}${kpi(w.downtimeHours, hours(a.tenant.downtimeSeconds))}` +
    `${chart}${table([w.host, w.expectedHours, w.maintenanceHours, w.downtimeHours, w.availability], rows, [1, 2, 3, 4])}<p class="src">${e(w.method)}: ${e(a.method)}</p></section>`
  );
}

function stats(w: Words, label: string, s: DurationStats): Array<string | number | null> {
  return [label, s.count, num(s.meanBusinessHours, 2), num(s.medianBusinessHours, 2), num(s.maxBusinessHours, 2)];
}

function alertsPart(r: ReportContent, w: Words, _local: LocalTime, locale: ReportLocale): string {
  const a = r.alerts;
  const recurrent = table([w.rule, w.host, w.firings], a.mostRecurrent.map((s) => [s.ruleId, s.hostName ?? '–', s.count]), [2]);
  return (
    `<section><h2>${e(w.alerts)}</h2>${kpi(w.firings, String(a.firings))}${kpi(w.suppressed, String(a.suppressedFirings))}` +
    `<h3>${e(w.byCategory)}</h3>${tallyChart(a.byCategory, (key) => categoryName(locale, key))}<h3>${e(w.bySeverity)}</h3>${tallyChart(a.bySeverity)}<h3>${e(w.byRule)}</h3>${tallyChart(a.byRule)}` +
    `${a.mostRecurrent.length ? `<h3>${e(w.mostRecurrent)}</h3>${recurrent}` : ''}${source(w, a.trace.source)}</section>`
  );
}

function incidentsPart(r: ReportContent, w: Words, local: LocalTime, locale: ReportLocale): string {
  const i = r.incidents;
  const d = i.deadline;
  const times = table(['', w.count, w.mean, w.median, w.max], [stats(w, w.response, i.response), stats(w, w.resolution, i.resolution)], [1, 2, 3, 4]);
  const rows = i.items.map((x) => [local(x.openedAt), x.severity, x.ruleId, x.title, num(x.responseBusinessSeconds === null ? null : x.responseBusinessSeconds / 3600, 2), num(x.resolutionBusinessSeconds === null ? null : x.resolutionBusinessSeconds / 3600, 2), w[x.deadline]]);
  return (
    `<section><h2>${e(w.incidents)}</h2>${kpi(w.count, String(i.count))}${kpi(w.withinDeadline, pct(d.shareWithin, 1))}${kpi(w.met, String(d.met))}${kpi(w.missed, String(d.missed))}${kpi(w.pending, String(d.pending))}` +
    `${times}<h3>${e(w.byCategory)}</h3>${tallyChart(i.byCategory, (key) => categoryName(locale, key))}${table([w.opened, w.severity, w.rule, w.subject, w.response, w.resolution, w.withinDeadline], rows, [4, 5])}${source(w, i.trace.source)}</section>`
  );
}

/** Rows worth a reader's eye: plans that failed or rolled back, and moved slots with their reasons. */
function patchingTables(r: ReportContent, w: Words, local: LocalTime): string {
  const { plans, slots } = r.patching;
  const failures = plans.items.filter((p) => p.state !== 'succeeded').slice(0, MAX_ROWS);
  const moves = slots.items.flatMap((b) => b.moves.map((m) => [local(m.at), b.slotDate, b.trackId, m.reason ?? '–'])).slice(0, MAX_ROWS);
  return (
    (failures.length ? `<h3>${e(w.failures)}</h3>${table([w.date, w.host, w.state, w.versions, w.detail], failures.map((p) => [local(p.at), p.hostName, p.state, `${p.versionBefore ?? '–'} → ${p.versionAfter ?? '–'}`, p.reason]))}` : '') +
    (moves.length ? `<h3>${e(w.moves)}</h3>${table([w.date, w.slot, w.track, w.detail], moves)}` : '')
  );
}

function patchingPart(r: ReportContent, w: Words, local: LocalTime): string {
  const { windows, plans, slots } = r.patching;
  const chart = barChart([
    { label: w.succeeded, value: plans.succeeded },
    { label: w.failed, value: plans.failed },
    { label: w.rolledBack, value: plans.rolledBack },
  ]);
  return (
    `<section><h2>${e(w.patching)}</h2>${kpi(w.windowsHeld, String(windows.held))}${kpi(w.windowsSkipped, String(windows.skipped))}${kpi(w.windowsCancelled, String(windows.cancelled))}${kpi(w.windowsUpcoming, String(windows.upcoming))}` +
    `<br>${kpi(w.slotsRequested, String(slots.requested))}${kpi(w.slotsHonoured, String(slots.honoured))}${kpi(w.slotsMoved, String(slots.moved))}${chart}` +
    `<p>${e(w.versions)}: ${e(plans.versionsApplied.join(', ') || w.none)}</p>${patchingTables(r, w, local)}${source(w, `${windows.trace.source}; ${plans.trace.source}; ${slots.trace.source}`)}</section>`
  );
}

function capacityPart(r: ReportContent, w: Words): string {
  const c = r.capacity;
  const busiest = [...c.hosts].filter((h) => h.cpuP95 !== null).sort((x, y) => y.cpuP95! - x.cpuP95!).slice(0, 15);
  const rows = c.hosts.flatMap((h) =>
    (h.disks.length ? h.disks : [null]).map((d) => [h.hostName, num(h.cpuP95), num(h.memoryP95), d?.mount ?? '–', d ? num(d.lastPercent) : '–', d ? num(d.growthPercentPerDay, 3) : '–', d?.daysToFull == null ? '–' : Math.floor(d.daysToFull)]),
  );
  return (
    `<section><h2>${e(w.capacity)}</h2><h3>${e(w.cpuP95)}</h3>${barChart(busiest.map((h) => ({ label: h.hostName, value: h.cpuP95! })), { max: 100, unit: '%', digits: 1 })}` +
    `${table([w.host, w.cpuP95, w.memoryP95, w.disk, '%', w.growth, w.daysToFull], rows, [1, 2, 4, 5, 6])}<p class="src">${e(w.method)}: ${e(c.method)}</p></section>`
  );
}

function supportPart(r: ReportContent, w: Words): string {
  const s = r.support;
  return (
    `<section><h2>${e(w.support)}</h2>${kpi(w.count, String(s.count))}${kpi(w.firstResponse, num(s.firstResponseMinutes.mean))}` +
    `<h3>${e(w.byChannel)}</h3>${tallyChart(s.byChannel)}<h3>${e(w.byCategory)}</h3>${tallyChart(s.byCategory)}${source(w, s.trace.source)}</section>`
  );
}

/** The critical period, its incidents against the heightened deadline, and the actions taken. */
function criticalPart(r: ReportContent, w: Words, local: LocalTime, locale: ReportLocale): string {
  const c = r.critical;
  if (!c) return '';
  const p = c.period;
  const covered = p.hostIds.length === 0 && p.products.length === 0 ? w.allHosts : [...p.hostIds, ...p.products].join(', ');
  const rows = c.response.items.map((x) => [local(x.openedAt), x.severity, x.title, x.responseDueAt ? local(x.responseDueAt) : null, x.respondedAt ? local(x.respondedAt) : null, x.respondedBy, num(x.responseSeconds === null ? null : x.responseSeconds / 60), w[x.deadline]]);
  const actions = c.actions.items.slice(0, MAX_ROWS).map((a) => [local(a.at), actionKindName(locale, a.kind), a.actor, a.subject, a.detail]);
  return (
    `<section><h2>${e(w.criticalPeriod)}: ${e(p.title)}</h2><p>${e(`${p.startLocal.replace('T', ' ')} – ${p.endLocal.replace('T', ' ')} (${p.kind})`)}; ${e(w.coveredHosts)}: ${e(covered)}</p>` +
    `${p.notes ? `<p>${e(w.notes)}: ${e(p.notes)}</p>` : ''}<h3>${e(w.heightened)}</h3>${kpi(w.deadlineWithin, `${c.response.within ?? '–'} (${c.response.calendar ?? '–'})`)}` +
    `${kpi(w.count, String(c.response.count))}${kpi(w.withinDeadline, pct(c.response.shareWithin, 1))}${kpi(w.met, String(c.response.met))}${kpi(w.missed, String(c.response.missed))}${kpi(w.pending, String(c.response.pending))}` +
    `${table([w.opened, w.severity, w.subject, w.dueAt, w.respondedAt, w.respondedBy, w.responseMinutes, w.withinDeadline], rows, [6])}` +
    `<h3>${e(w.actions)}</h3>${tallyChart(c.actions.byKind, (key) => actionKindName(locale, key as CriticalActionKind))}${table([w.date, w.kind, w.actor, w.subject, w.detail], actions)}${source(w, c.actions.trace.source)}</section>`
  );
}

function recommendationsPart(r: ReportContent, w: Words, locale: ReportLocale): string {
  const items = r.recommendations.map((rec) => `<li class="rec-${rec.severity}">${e(recommendationText(locale, rec))} <span class="src">[${e(rec.trace.source)}: ${e(rec.trace.ids.slice(0, 5).join(', '))}]</span></li>`);
  return `<section><h2>${e(w.recommendations)}</h2>${items.length ? `<ul>${items.join('')}</ul>` : `<p>${e(w.none)}</p>`}</section>`;
}

/** Renders the stored report in `locale` (the report's own by default). */
export function renderHtml(report: ReportContent, locale: ReportLocale = report.locale): string {
  const w = words(locale);
  const title = report.critical ? w.criticalTitle : w.title;
  const at: LocalTime = (isoText) => formatInstant(Date.parse(isoText), report.period.zone).slice(0, 16).replace('T', ' ');
  const meta = `<table class="meta"><tr><td>${e(w.tenant)}</td><td>${e(report.tenant.name)}</td></tr><tr><td>${e(w.period)}</td><td>${e(`${report.period.fromDate} – ${report.period.toDate} (${report.period.label})`)}</td></tr><tr><td>${e(w.zone)}</td><td>${e(report.period.zone)}</td></tr><tr><td>${e(w.plan)}</td><td>${e(report.tenant.plan)}</td></tr><tr><td>${e(w.generated)}</td><td>${e(at(report.generatedAt))}</td></tr></table>`;
  const body = [criticalPart, hostsPart, availabilityPart, alertsPart, incidentsPart, patchingPart, capacityPart, supportPart].map((part) => part(report, w, at, locale)).join('\n');
  return `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`${title} · ${report.tenant.name} · ${report.period.label}`)}</title><style>${STYLE}</style></head>
<body><h1>${e(title)}</h1>${meta}
${recommendationsPart(report, w, locale)}
${body}
</body></html>
`;
}
