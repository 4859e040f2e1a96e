/** The key inventory (never a secret) as a CSV or JSON download, through `GET /v1/keys/export`. */

import { useState } from 'preact/hooks';
import { api, run, type KeyplaneProblem } from '../api.js';
import { fileNameOf, saveFile } from '../download.js';

export function ExportButtons() {
  const [busy, setBusy] = useState<'csv' | 'json' | null>(null);
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const exportAs = async (format: 'csv' | 'json') => {
    setBusy(format);
    let disposition: string | null = null;
    const result = await run(
      api.GET('/v1/keys/export', { params: { query: { format } }, parseAs: 'blob' }).then((answer) => {
        disposition = answer.response.headers.get('Content-Disposition');
        return answer;
      }),
    );
    setBusy(null);
    setProblem(result.problem ?? null);
    if (result.data) saveFile(result.data as Blob, fileNameOf(disposition, `keyplane-keys.${format}`));
  };
  return (
    <div class="export" role="group" aria-label="Export the key inventory">
      <button type="button" class="button" disabled={busy !== null} onClick={() => void exportAs('csv')}>
        {busy === 'csv' ? 'Exporting…' : 'Export CSV'}
      </button>
      <button type="button" class="button" disabled={busy !== null} onClick={() => void exportAs('json')}>
        {busy === 'json' ? 'Exporting…' : 'Export JSON'}
      </button>
      {problem && (
        <p role="alert" class="field-error">
          {problem.detail}
        </p>
      )}
    </div>
  );
}
