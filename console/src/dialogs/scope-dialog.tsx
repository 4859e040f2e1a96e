/** Adding a scope to the catalog, or changing one's description and includes. */

import { useState } from 'preact/hooks';
import { api, fieldError, run, type Scope } from '../api.js';
import { TextAreaField, TextField } from '../components/field.js';
import { FormDialog } from '../components/form-dialog.js';
import { ScopesField } from '../fields/scopes-field.js';
import { useFormAction } from '../form-action.js';

export function ScopeDialog({ scope, catalog, onClose, onSaved }: { scope: Scope | null; catalog: Scope[]; onClose: () => void; onSaved: (scope: Scope) => void }) {
  const [name, setName] = useState(scope?.name ?? '');
  const [description, setDescription] = useState(scope?.description ?? '');
  const [includes, setIncludes] = useState<string[]>(scope ? [...scope.includes] : []);
  const action = useFormAction(
    () =>
      scope
        ? run(api.PATCH('/v1/scopes/{scope_name}', { params: { path: { scope_name: scope.name } }, body: { description: description.trim() || null, includes } }))
        : run(api.POST('/v1/scopes', { body: { name, description: description.trim() || null, includes } })),
    (saved) => {
      onSaved(saved);
      onClose();
    },
  );
  return (
    <FormDialog
      title={scope ? `Edit scope ${scope.name}` : 'New scope'}
      onClose={onClose}
      size="wide"
      action={action}
      shown={['name', 'description', 'includes']}
      submitLabel={scope ? 'Save scope' : 'Add scope'}
      busyLabel="Saving…"
    >
      {!scope && (
        <TextField
          label="Name"
          required
          value={name}
          onValue={setName}
          error={fieldError(action.problem, 'name')}
          hint="A letter, then letters, digits and _ . : - (read, write, EXPORT_READ, devices:read)."
          autoComplete="off"
          spellcheck={false}
        />
      )}
      <TextAreaField label="Description (optional)" value={description} onValue={setDescription} error={fieldError(action.problem, 'description')} rows={2} />
      <ScopesField
        legend="Includes"
        catalog={catalog.filter((other) => other.name !== scope?.name && other.name !== 'operator')}
        value={includes}
        onValue={setIncludes}
        error={fieldError(action.problem, 'includes')}
        hint="A key holding this scope holds these too (and what they include)."
      />
    </FormDialog>
  );
}
