/** Previous / next paging for a server-side list. */
import { formatCount } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

export function Pager({ page, pageSize, total, onPage }: PagerProps) {
  const lang = getLang();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      <span class="pager-range">
        {t('pager.range', { first: formatCount(first, lang), last: formatCount(last, lang), total: formatCount(total, lang) })}
      </span>
      <div class="pager-buttons">
        <button type="button" class="secondary outline" disabled={page <= 1} onClick={() => onPage(1)} aria-label={t('pager.first')}>
          «
        </button>
        <button type="button" class="secondary outline" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {t('pager.previous')}
        </button>
        <span class="pager-page" aria-live="polite">
          {t('pager.page', { page: formatCount(page, lang), pages: formatCount(pages, lang) })}
        </span>
        <button type="button" class="secondary outline" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          {t('pager.next')}
        </button>
        <button type="button" class="secondary outline" disabled={page >= pages} onClick={() => onPage(pages)} aria-label={t('pager.last')}>
          »
        </button>
      </div>
    </nav>
  );
}
