/** A row of links that switch a view held in the address; the current one is marked for screen readers. */
import type { ComponentChildren } from 'preact';

export interface LinkTab {
  key: string;
  href: string;
  label: ComponentChildren;
  current: boolean;
}

export function LinkTabs({ label, tabs, class: className = '' }: { label: string; tabs: readonly LinkTab[]; class?: string }) {
  return (
    <nav class={`link-tabs ${className}`.trim()} aria-label={label}>
      {tabs.map((tab) => (
        <a key={tab.key} href={tab.href} role="button" class={tab.current ? '' : 'secondary outline'} aria-current={tab.current ? 'page' : undefined} data-tab={tab.key}>
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
