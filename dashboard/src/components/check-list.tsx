/** A multi-select as a fieldset of checkboxes: its legend names it, each box its option. */
export interface CheckListProps {
  legend: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  /** Shown instead of the boxes when there is nothing to choose. */
  emptyText?: string;
  hint?: string;
}

export function CheckList({ legend, options, chosen, onChange, emptyText, hint }: CheckListProps) {
  const toggle = (value: string, on: boolean) => onChange(on ? [...chosen, value] : chosen.filter((v) => v !== value));
  return (
    <fieldset class="check-list">
      <legend>{legend}</legend>
      {hint && <small class="muted block">{hint}</small>}
      {options.length === 0 && emptyText && <small class="muted block">{emptyText}</small>}
      {options.map((option) => (
        <label key={option.value}>
          <input type="checkbox" checked={chosen.includes(option.value)} onChange={(event) => toggle(option.value, event.currentTarget.checked)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
