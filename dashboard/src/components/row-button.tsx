/** A small action button in a table row; its accessible name says which row it acts on. */
export interface RowButtonProps {
  label: string;
  /** The action and its row, e.g. "Expire silence alertname="cpu-high"". */
  name: string;
  onClick: () => void;
  disabled?: boolean;
  /** The row's main action is filled, the others outlined. */
  main?: boolean;
}

export function RowButton({ label, name, onClick, disabled, main }: RowButtonProps) {
  return (
    <button type="button" class={main ? 'secondary' : 'secondary outline'} aria-label={name} disabled={disabled} onClick={onClick}>
      {label}
    </button>
  );
}
