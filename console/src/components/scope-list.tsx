/** Scope names as small tags. */

export function ScopeList({ scopes }: { scopes: readonly string[] }) {
  if (scopes.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="tags">
      {scopes.map((scope) => (
        <li key={scope} class="tag">
          {scope}
        </li>
      ))}
    </ul>
  );
}
