/**
 * The frame of a tenant settings section: heading with its add button (for roles that may
 * add), intro, load error, then a table of the rows or a note that there are none.
 */
import type { ComponentChildren } from 'preact';
import { errorText } from '../errors.ts';
import { TableHead, type Column } from './table-head.tsx';

export interface SettingsSectionProps {
  /** Names the heading's id (`<name>-heading`). */
  name: string;
  title: string;
  intro: string;
  add?: { label: string; onClick: () => void };
  error: unknown;
  /** The table rows; null while the first load runs. */
  rows: ComponentChildren[] | null;
  emptyText: string;
  table: { class: string; caption: string; columns: readonly Column[] };
  /** Between the intro and the table: a form, a value shown once. */
  lead?: ComponentChildren;
  /** Dialogs of the section. */
  children?: ComponentChildren;
}

export function SettingsSection({ name, title, intro, add, error, rows, emptyText, table, lead, children }: SettingsSectionProps) {
  return (
    <section aria-labelledby={`${name}-heading`} class="settings-section">
      <div class="section-head">
        <h2 id={`${name}-heading`}>{title}</h2>
        {add && (
          <button type="button" class="secondary section-action" onClick={add.onClick}>
            {add.label}
          </button>
        )}
      </div>
      <p class="muted">{intro}</p>
      {lead}
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      {rows?.length === 0 && <p class="muted">{emptyText}</p>}
      {rows && rows.length > 0 && (
        <div class="table-scroll">
          <table class={`${table.class} striped`}>
            <caption class="visually-hidden">{table.caption}</caption>
            <TableHead columns={table.columns} />
            <tbody>{rows}</tbody>
          </table>
        </div>
      )}
      {children}
    </section>
  );
}
