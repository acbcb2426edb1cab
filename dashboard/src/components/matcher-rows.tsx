/** Editable label matchers of a silence: one row per matcher, add and remove. */
import { t, type MessageKey } from '../i18n/index.ts';
import type { Matcher } from '../types.ts';

const OPS: ReadonlyArray<[Matcher['op'], MessageKey]> = [
  ['=', 'silence.op.eq'],
  ['!=', 'silence.op.ne'],
  ['=~', 'silence.op.re'],
  ['!~', 'silence.op.nre'],
];

export interface MatcherRowsProps {
  matchers: readonly Matcher[];
  onChange: (matchers: Matcher[]) => void;
}

export function MatcherRows({ matchers, onChange }: MatcherRowsProps) {
  const update = (index: number, change: Partial<Matcher>) => onChange(matchers.map((m, i) => (i === index ? { ...m, ...change } : m)));
  return (
    <fieldset class="matchers">
      <legend>{t('silence.matchers')}</legend>
      {matchers.map((matcher, index) => (
        <div class="matcher-row" key={index} data-matcher={index}>
          <label>
            <span class={index === 0 ? '' : 'visually-hidden'}>{t('silence.label')}</span>
            <input required pattern="[a-zA-Z_][a-zA-Z0-9_]*" maxLength={64} value={matcher.name} onInput={(event) => update(index, { name: event.currentTarget.value })} />
          </label>
          <label>
            <span class={index === 0 ? '' : 'visually-hidden'}>{t('silence.op')}</span>
            <select value={matcher.op} onChange={(event) => update(index, { op: event.currentTarget.value as Matcher['op'] })}>
              {OPS.map(([op, key]) => (
                <option key={op} value={op}>
                  {t(key)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span class={index === 0 ? '' : 'visually-hidden'}>{t('silence.value')}</span>
            <input maxLength={256} value={matcher.value} onInput={(event) => update(index, { value: event.currentTarget.value })} />
          </label>
          <button
            type="button"
            class="secondary outline remove"
            aria-label={t('silence.removeMatcher', { n: index + 1 })}
            disabled={matchers.length === 1}
            onClick={() => onChange(matchers.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" class="secondary outline add-matcher" disabled={matchers.length >= 20} onClick={() => onChange([...matchers, { name: '', op: '=', value: '' }])}>
        {t('silence.addMatcher')}
      </button>
    </fieldset>
  );
}
