import { useId, useState } from 'react';
import { copyText } from '../../../lib/clipboard.ts';
import { CheckIcon, CopyIcon } from '../../../components/ui/icons.ts';

/**
 * A value to paste elsewhere (a webhook's URL or secret): shown read-only in full, selectable by
 * hand, with a Copy button that says whether the copy worked.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [note, setNote] = useState('');
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field-row">
        <input id={id} className="mono" readOnly value={value} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          onClick={async () => setNote((await copyText(value)) ? 'Copied' : 'Copying was refused: select and copy it')}
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          {note === 'Copied' ? <CheckIcon /> : <CopyIcon />} Copy
        </button>
      </div>
      <span className="muted small" role="status">
        {note}
      </span>
    </div>
  );
}
