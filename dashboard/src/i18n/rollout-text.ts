/**
 * Text of the rollout pages and the patch history. These dictionaries travel with the rollout
 * pages' chunk rather than the main one, so the first screen downloads none of it; they
 * follow the language the page shows, like every other text.
 */
import { enRollouts } from './en-rollouts.ts';
import { fillPlaceholders, getLang, type Lang } from './index.ts';
import { zhCNRollouts } from './zh-CN-rollouts.ts';

/** A key of the rollout dictionaries. */
export type RolloutTextKey = keyof typeof enRollouts;

/** The rollout texts of each language. */
export const ROLLOUT_DICTIONARIES: Record<Lang, Record<RolloutTextKey, string>> = { en: enRollouts, 'zh-CN': zhCNRollouts };

/** A rollout message in the current language, placeholders filled. */
export const rt = (key: RolloutTextKey, params?: Record<string, string | number>): string => fillPlaceholders(ROLLOUT_DICTIONARIES[getLang()][key], params);

/** True when the rollout dictionaries have a key, for codes that may or may not have their own text. */
export const hasRolloutText = (key: string): key is RolloutTextKey => Object.hasOwn(enRollouts, key);
