import { describe, expect, it } from 'vitest';
import { ApiError } from '../../dashboard/src/api.ts';
import { errorKey } from '../../dashboard/src/errors.ts';
import { en } from '../../dashboard/src/i18n/en.ts';
import { DICTIONARIES, LANGS, pickLang, placeholders, translate } from '../../dashboard/src/i18n/index.ts';
import { zhCN } from '../../dashboard/src/i18n/zh-CN.ts';

describe('dictionaries', () => {
  it('have exactly the same keys in English and Chinese', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in both languages for every key', () => {
    const mismatched = Object.keys(en).filter(
      (key) => placeholders(en[key as keyof typeof en]).join() !== placeholders(zhCN[key as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('have no empty messages', () => {
    for (const lang of LANGS) expect(Object.entries(DICTIONARIES[lang]).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('translate every host status and every check status', () => {
    for (const status of ['up', 'stale', 'down'] as const) expect(translate('zh-CN', `status.${status}`)).not.toBe(translate('en', `status.${status}`));
    for (const status of ['ok', 'warning', 'critical', 'unknown'] as const) expect(translate('zh-CN', `check.${status}`)).toMatch(/\p{Script=Han}/u);
  });

  it('translate every severity, alert state, silence duration and service plan', () => {
    const keys = [
      ...(['critical', 'warning', 'info'] as const).map((s) => `severity.${s}` as const),
      ...(['firing', 'pending', 'resolved', 'inactive'] as const).map((s) => `alertState.${s}` as const),
      ...(['1h', '4h', '1d', 'custom'] as const).map((d) => `silence.duration.${d}` as const),
      ...(['standard', 'advanced'] as const).map((p) => `plan.${p}` as const),
    ];
    for (const key of keys) expect(translate('zh-CN', key)).toMatch(/\p{Script=Han}/u);
  });
});

describe('pickLang', () => {
  it.each([
    [null, ['zh-CN', 'en'], 'zh-CN'],
    [null, ['zh-TW'], 'zh-CN'],
    [null, ['en-GB', 'zh-CN'], 'en'],
    [null, ['fr-FR', 'zh-Hans-CN'], 'zh-CN'],
    [null, ['fr-FR'], 'en'],
    [null, [], 'en'],
    ['en', ['zh-CN'], 'en'],
    ['zh-CN', ['en-US'], 'zh-CN'],
    ['de', ['zh-CN'], 'zh-CN'],
  ])('with stored %s and browser languages %j picks %s', (stored, languages, expected) => {
    expect(pickLang(stored, languages)).toBe(expected);
  });
});

describe('translate', () => {
  it('fills placeholders in the chosen language', () => {
    expect(translate('en', 'pager.range', { first: 1, last: 50, total: '10,000' })).toBe('1–50 of 10,000');
    expect(translate('zh-CN', 'pager.page', { page: 2, pages: 3 })).toBe('第 2 / 3 页');
  });

  it('leaves a placeholder without a value visible instead of printing undefined', () => {
    expect(translate('en', 'host.failingChecks')).toBe('{count} failing');
  });
});

describe('errorKey', () => {
  it.each([
    [new ApiError('INVALID_CREDENTIALS', 'wrong username or password', 401), 'error.INVALID_CREDENTIALS'],
    [new ApiError('NOT_FOUND', 'host not found', 404), 'error.NOT_FOUND'],
    [new ApiError('NETWORK', 'Failed to fetch', 0), 'error.NETWORK'],
    [new ApiError('SLOT_FULL', 'no room', 409), 'error.SLOT_FULL'],
    [new ApiError('SOMETHING_NEW', 'a code this build does not know', 409), 'error.generic'],
    [new Error('boom'), 'error.generic'],
  ])('maps %s to %s', (error, key) => {
    expect(errorKey(error)).toBe(key);
  });
});
