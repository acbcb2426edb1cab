/** Label and value pairs as a definition list laid out in a grid; `class` and `data-*` attributes go on the list. */
import type { ComponentChildren } from 'preact';

/** The pairs, and attributes for the list. */
export interface FactListProps {
  facts: ReadonlyArray<readonly [string, ComponentChildren]>;
  class?: string;
  [data: `data-${string}`]: string;
}

/** The definition list. */
export function FactList({ facts, class: className, ...data }: FactListProps) {
  return (
    <dl class={className ? `facts ${className}` : 'facts'} {...data}>
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
