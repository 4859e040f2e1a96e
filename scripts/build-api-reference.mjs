#!/usr/bin/env node
// Builds the API reference from openapi.yaml with Redocly: one self-contained HTML page.
// `--inlineBundle` embeds Redoc's scripts (from node_modules) instead of loading them from
// Redocly's CDN, so the page works offline and asks no other origin for anything.
// Redoc's own telemetry is off. docs/api-reference.hbs adds a Content-Security-Policy that refuses any other origin.
// Usage: node scripts/build-api-reference.mjs [output], default docs/api-reference.html.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = path.resolve(process.argv[2] ?? path.join(root, 'docs/api-reference.html'));
const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
execFileSync(process.execPath, [redocly, 'build-docs', 'openapi.yaml', '--inlineBundle', '--openapi.disableTelemetry=true', '--template', 'docs/api-reference.hbs', '--output', output], { cwd: root, stdio: 'inherit' });
