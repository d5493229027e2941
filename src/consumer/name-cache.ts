/**
 * Feature-group names for shell completion, kept in $FSHARE_HOME/cache/feature-groups.txt (one
 * per line: NAME and ACCOUNT/NAME), written by the commands that list groups anyway (discover),
 * so the completion script itself never calls AWS. The script reads the file only while it is
 * younger than the TTL. Best effort: a cache that cannot be written never fails the command.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import { fshareHome } from '../records/schema-cache.js';

/** Names older than this are not offered (the completion script checks the file's age). */
export const NAME_CACHE_TTL_MINUTES = 24 * 60;
const MAX_LINES = 2000;

export function nameCacheFile(env: Readonly<Record<string, string | undefined>>): string {
  return path.join(fshareHome(env), 'cache', 'feature-groups.txt');
}

/** The completion words for these ARNs: `customers` and `111111111111/customers`. */
export function completionWords(arns: readonly string[]): string[] {
  const words = new Set<string>();
  for (const arn of arns) {
    const parsed = parseFeatureGroupArn(arn);
    if (parsed) {
      words.add(parsed.name);
      words.add(`${parsed.account}/${parsed.name}`);
    }
  }
  return [...words];
}

/** Adds these groups to the cache; words from a file past its TTL are dropped, not kept. */
export function rememberFeatureGroups(ctx: Context, arns: readonly string[]): void {
  const file = nameCacheFile(ctx.env);
  try {
    let kept: string[] = [];
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && ctx.clock.now().getTime() - stat.mtimeMs < NAME_CACHE_TTL_MINUTES * 60_000) {
      kept = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    }
    const words = [...new Set([...completionWords(arns), ...kept])].slice(0, MAX_LINES).sort();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${words.join('\n')}\n`, { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch (error) {
    ctx.log.debug(`feature-group name cache not written: ${String(error)}`);
  }
}
