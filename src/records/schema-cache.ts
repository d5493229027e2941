/**
 * The schema cache: what resolving a feature group and describing it found, kept in
 * $FSHARE_HOME/cache/schemas.json (directory 0700, file 0600) for an hour, so a repeat read needs
 * neither DescribeFeatureGroup nor the SageMaker client (nor STS for ACCOUNT/NAME).
 *
 * Entries are keyed by feature-group ARN (which carries its region and account). What the user
 * typed is mapped to an ARN per caller scope — endpoint, region, profile or access-key fingerprint —
 * so two identities never share a resolution. Only names, ARNs and feature types are stored:
 * nothing secret (the access key is hashed, and only to tell scopes apart).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolvedFeatureGroup } from '../consumer/resolve-feature-group.js';
import type { Context } from '../context.js';
import type { RecordSchema } from './schema.js';

export const SCHEMA_CACHE_TTL_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 256;

export type CachedGroup = Omit<ResolvedFeatureGroup, 'described'>;

export interface CachedTarget {
  group: CachedGroup;
  schema: RecordSchema;
  storedAt: number;
}

interface CacheFile {
  version: 1;
  entries: Record<string, CachedTarget>;
  /** sha256(scope + text) → ARN. */
  aliases: Record<string, string>;
}

export function fshareHome(env: Readonly<Record<string, string | undefined>>): string {
  return env.FSHARE_HOME || path.join(os.homedir(), '.fshare');
}

export function cacheFile(env: Readonly<Record<string, string | undefined>>): string {
  return path.join(fshareHome(env), 'cache', 'schemas.json');
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Who is asking, where: never the secret, and the access key only as part of a hash. */
export async function callerScope(ctx: Context): Promise<string> {
  const { env, globals } = ctx;
  const profile = globals.profile ?? env.AWS_PROFILE ?? '';
  return [
    ctx.aws.mode,
    globals.endpointUrl ?? env.AWS_ENDPOINT_URL ?? '',
    await ctx.aws.region(),
    profile,
    profile === '' ? (env.AWS_ACCESS_KEY_ID ?? '') : '',
    ctx.aws.mode === 'sandbox' ? fshareHome(env) : '',
  ].join('\n');
}

function emptyCache(): CacheFile {
  return { version: 1, entries: {}, aliases: {} };
}

function readCache(file: string): CacheFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.version === 1 && typeof parsed.entries === 'object' && typeof parsed.aliases === 'object') {
      return parsed as CacheFile;
    }
  } catch {
    // Missing or unreadable: a cache miss, never an error.
  }
  return emptyCache();
}

function writeCache(file: string, cache: CacheFile): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(cache), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    // A read-only home only costs the next run a describe.
  }
}

export class SchemaCache {
  constructor(
    private readonly file: string,
    private readonly now: () => number,
    private readonly ttlMs = SCHEMA_CACHE_TTL_MS,
  ) {}

  static for(ctx: Context): SchemaCache {
    return new SchemaCache(cacheFile(ctx.env), () => ctx.clock.now().getTime());
  }

  lookup(scope: string, text: string): CachedTarget | undefined {
    const cache = readCache(this.file);
    const arn = cache.aliases[sha(`${scope}\n${text}`)];
    const entry = arn === undefined ? undefined : cache.entries[arn];
    if (!entry || this.now() - entry.storedAt > this.ttlMs || this.now() < entry.storedAt) {
      return undefined;
    }
    return entry;
  }

  store(scope: string, text: string, group: CachedGroup, schema: RecordSchema): void {
    const cache = readCache(this.file);
    cache.entries[group.arn] = {
      group: {
        arn: group.arn,
        name: group.name,
        account: group.account,
        region: group.region,
        own: group.own,
      },
      schema,
      storedAt: this.now(),
    };
    cache.aliases[sha(`${scope}\n${text}`)] = group.arn;
    // The newest MAX_ENTRIES groups stay, with the aliases that still point at one of them.
    const kept = Object.entries(cache.entries)
      .sort(([, a], [, b]) => b.storedAt - a.storedAt)
      .slice(0, MAX_ENTRIES);
    cache.entries = Object.fromEntries(kept);
    cache.aliases = Object.fromEntries(
      Object.entries(cache.aliases).filter(([, arn]) => cache.entries[arn] !== undefined),
    );
    writeCache(this.file, cache);
  }

  /** Forgets a group, e.g. after the service rejected a record as not matching its cached schema. */
  forget(arn: string): void {
    const cache = readCache(this.file);
    if (cache.entries[arn]) {
      cache.entries = Object.fromEntries(Object.entries(cache.entries).filter(([key]) => key !== arn));
      writeCache(this.file, cache);
    }
  }
}
