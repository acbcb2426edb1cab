/** The latest result of every check on a host. */
import { formatLatency } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import type { CheckResult } from '../types.ts';
import { CheckBadge } from './badges.tsx';

const ORDER: Record<CheckResult['status'], number> = { critical: 0, warning: 1, unknown: 2, ok: 3 };

/** Failing checks first, then by name, so problems are at the top. */
export const sortChecks = (checks: readonly CheckResult[]): CheckResult[] =>
  [...checks].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.name.localeCompare(b.name));

function details(check: CheckResult): string {
  const parts: string[] = [];
  if (check.httpStatus !== undefined && !check.message.includes(String(check.httpStatus))) parts.push(t('checks.httpStatus', { status: check.httpStatus }));
  if (check.tlsDaysLeft !== undefined) parts.push(t('checks.tlsDaysLeft', { days: Math.floor(check.tlsDaysLeft) }));
  return parts.join(' · ');
}

export function ChecksTable({ checks }: { checks: readonly CheckResult[] }) {
  const lang = getLang();
  if (checks.length === 0) return <p class="muted">{t('checks.none')}</p>;
  return (
    <div class="table-scroll">
      <table class="checks striped">
        <caption class="visually-hidden">{t('checks.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('checks.name')}</th>
            <th scope="col">{t('checks.kind')}</th>
            <th scope="col">{t('checks.status')}</th>
            <th scope="col">{t('checks.message')}</th>
            <th scope="col" class="num">{t('checks.latency')}</th>
          </tr>
        </thead>
        <tbody>
          {sortChecks(checks).map((check) => (
            <tr key={check.name} data-check={check.name}>
              <th scope="row">{check.name}</th>
              <td>{check.kind}</td>
              <td>
                <CheckBadge status={check.status} />
              </td>
              <td class="message">
                {check.message}
                {details(check) && <small class="muted"> ({details(check)})</small>}
              </td>
              <td class="num">{formatLatency(check.latencyMs, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
