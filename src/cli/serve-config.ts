import { z } from 'zod';
import { parseCidr } from '../core/cidr.js';

/**
 * What `keyplane serve` takes, from flags or `KEYPLANE_*` environment variables (flags win).
 * One zod schema gives both the check and the type; a bad value stops start-up with a
 * message that names the setting.
 */
export const serveConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  database: z
    .string()
    .min(1)
    .default('.keyplane/keyplane.db')
    .describe('a SQLite file path, or a postgres:// connection URL'),
  serverSecret: z
    .string()
    .optional()
    .refine((value) => value === undefined || decodeSecret(value) !== null, {
      message: 'must be at least 32 bytes, written as 64+ hex characters or base64',
    }),
  trustedProxies: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean))
    .superRefine((entries, context) => {
      for (const entry of entries) {
        const parsed = parseCidr(entry);
        if (!parsed.ok) context.addIssue({ code: 'custom', message: `${JSON.stringify(entry)}: ${parsed.message}` });
      }
    }),
  publicUrl: z
    .string()
    .url('must be a URL such as https://keys.example.com')
    .refine((value) => /^https?:\/\//.test(value), { message: 'must start with http:// or https://' })
    .optional()
    .describe('where people reach the service; invitation links start with it'),
  sqliteSynchronous: z.enum(['full', 'normal']).default('full'),
  cacheTtlMs: z.coerce.number().int().min(0).max(600_000).default(5_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bootstrapSlug: z.string().regex(/^[a-z0-9]{1,32}$/, 'must be 1-32 lower-case letters or digits').default('default'),
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;

/** The environment variable of each setting, e.g. `serverSecret` → `KEYPLANE_SERVER_SECRET`. */
export function envName(setting: string): string {
  return `KEYPLANE_${setting.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The flag of each setting, e.g. `serverSecret` → `--server-secret`. */
export function flagName(setting: string): string {
  return `--${setting.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export type ConfigResult = { ok: true; config: ServeConfig } | { ok: false; messages: string[] };

/** Merges flags over the environment and checks the result. */
export function readServeConfig(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv): ConfigResult {
  const raw: Record<string, string | undefined> = {};
  for (const setting of Object.keys(serveConfigSchema.shape)) {
    raw[setting] = flags[setting] ?? env[envName(setting)];
  }
  const parsed = serveConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    messages: parsed.error.issues.map((issue) => {
      const setting = String(issue.path[0] ?? '');
      return `${flagName(setting)} / ${envName(setting)}: ${issue.message}`;
    }),
  };
}

/** A server secret from hex (64+ characters) or base64 (32+ bytes), or null if neither. */
export function decodeSecret(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64,}$/.test(value) && value.length % 2 === 0) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length >= 32) return bytes;
  }
  return null;
}
