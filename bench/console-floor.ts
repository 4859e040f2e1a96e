/**
 * The console bench's floor: the least a web page must do to show the same page of keys.
 * One HTML file and one script, no framework, served by the same `keyplane serve` from the
 * same place as the console (with the same headers: CSP, compression, caching), asking for
 * the same `GET /v1/keys` with the same session cookie and writing the rows with the DOM.
 * It has the controls the bench drives (Name, Status, Next) and waits out the same 250 ms
 * pause in typing as the console, so a ratio compares like with like.
 *
 * The service serves only the console it finds beside its build (`dist/console`), read at
 * start. So the bench runs the service from a copy of the build, the floor added to the
 * copy's console: the worktree's `dist/` stays as the build made it.
 */
import { copyFile, cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { root, startProgram, type Started } from './processes.js';

/** Where the floor page is, under the service's URL. */
export const FLOOR_PATH = '/console/floor.html';

const FLOOR_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Keys (the floor)</title>
  </head>
  <body>
    <form role="search">
      <label>Name <input id="name" type="search" /></label>
      <label>Status
        <select id="status">
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="expired">Expired</option>
          <option value="revoked">Revoked</option>
        </select>
      </label>
    </form>
    <p><span id="range"></span> <button id="next" type="button" disabled>Next</button></p>
    <table class="keys-table">
      <thead><tr><th>Name</th><th>Key</th><th>Scopes</th><th>Status</th><th>Expires</th><th>Last used</th><th>Created by</th></tr></thead>
      <tbody></tbody>
    </table>
    <script type="module" src="./assets/floor-benchmark.js"></script>
  </body>
</html>
`;

// Named like Vite's hashed files, so the service caches it as it caches the console's script.
const FLOOR_SCRIPT = `const tbody = document.querySelector('tbody');
const range = document.getElementById('range');
const next = document.getElementById('next');
const nameBox = document.getElementById('name');
const statusBox = document.getElementById('status');
const LABELS = { active: 'Active', expired: 'Expired', revoked: 'Revoked', not_yet_valid: 'Not yet valid' };
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
let first = 1;
let cursor = null;
let nextCursor = null;
let asked = 0;
let typing;

function cell(text, className) {
  const td = document.createElement('td');
  if (className) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    td.append(span);
  } else td.textContent = text;
  return td;
}

function row(key) {
  const tr = document.createElement('tr');
  tr.append(
    cell(key.name),
    cell(key.hint),
    cell(key.scopes.join(' ')),
    cell(LABELS[key.status] || key.status, 'badge'),
    cell(key.expires_at ? dates.format(new Date(key.expires_at)) : 'Never'),
    cell(key.last_used_at ? dates.format(new Date(key.last_used_at)) : 'Never used'),
    cell(key.created_by.display),
  );
  return tr;
}

async function show() {
  const asking = ++asked;
  const query = new URLSearchParams({ limit: '50' });
  if (nameBox.value.trim()) query.set('name', nameBox.value.trim());
  if (statusBox.value) query.set('status', statusBox.value);
  if (cursor) query.set('cursor', cursor);
  const response = await fetch('../v1/keys?' + query);
  const page = await response.json();
  if (asking !== asked) return;
  if (!response.ok) {
    range.textContent = 'Could not list keys: ' + response.status + ' ' + page.code;
    return;
  }
  nextCursor = page.next_cursor;
  tbody.replaceChildren(...page.data.map(row));
  range.textContent = page.data.length ? 'Keys ' + first + '\\u2013' + (first + page.data.length - 1) : '';
  next.disabled = !nextCursor;
  // Marked when Preact runs the console's effects (after the next frame), with the console's name.
  requestAnimationFrame(() => setTimeout(() => performance.mark('keyplane:keys-listed')));
}

function refilter() {
  first = 1;
  cursor = null;
  show();
}

nameBox.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(refilter, 250);
});
statusBox.addEventListener('change', () => {
  clearTimeout(typing);
  refilter();
});
next.addEventListener('click', () => {
  if (!nextCursor) return;
  first += tbody.children.length;
  cursor = nextCursor;
  show();
});
show();
`;

/**
 * Copies the build the service runs from (`dist/src`, `dist/console`, package.json and the
 * contract it reads; node_modules linked) into `dir`, adds the floor page to the copy's
 * console, and starts `keyplane serve` from the copy with the flags the other bench parts use.
 */
export async function startServiceWithFloor(dir: string, database: string, serverSecret: Buffer): Promise<Started> {
  const copy = path.join(dir, 'keyplane');
  await mkdir(path.join(copy, 'dist'), { recursive: true });
  for (const part of ['src', 'console']) await cp(path.join(root, 'dist', part), path.join(copy, 'dist', part), { recursive: true });
  for (const file of ['package.json', 'openapi.yaml']) await copyFile(path.join(root, file), path.join(copy, file));
  await symlink(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  await writeFile(path.join(copy, 'dist', 'console', 'floor.html'), FLOOR_HTML);
  await writeFile(path.join(copy, 'dist', 'console', 'assets', 'floor-benchmark.js'), FLOOR_SCRIPT);
  return startProgram(
    [
      path.join(copy, 'dist', 'src', 'cli', 'main.js'),
      'serve',
      '--port=0',
      `--database=${database}`,
      `--server-secret=${serverSecret.toString('hex')}`,
      '--log-level=warn',
      '--cache-ttl-ms=5000',
    ],
    /listening on (http:\/\/\S+)/,
  );
}
