/** A date-and-time field read in a named zone; the label says which zone, so nobody guesses. */
import { t, type MessageKey } from '../i18n/index.ts';

export interface ZonedTimeFieldProps {
  /** A message with a `{zone}` placeholder, e.g. "Ends at ({zone})". */
  labelKey: MessageKey;
  zone: string;
  /** `YYYY-MM-DDTHH:mm` in `zone`. */
  value: string;
  onInput: (value: string) => void;
  invalid?: boolean;
  describedBy?: string;
}

export function ZonedTimeField({ labelKey, zone, value, onInput, invalid, describedBy }: ZonedTimeFieldProps) {
  return (
    <label>
      {t(labelKey, { zone })}
      <input type="datetime-local" required value={value} onInput={(event) => onInput(event.currentTarget.value)} aria-invalid={invalid ? true : undefined} aria-describedby={describedBy} />
    </label>
  );
}
