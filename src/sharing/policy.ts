/**
 * The declarative policy file (docs/policy.md): parsed with `yaml` (so every error can name its
 * line and column) and validated with zod plus the permission model's own rules.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair } from 'yaml';
import { z } from 'zod';
import { UsageError, isFshareError } from '../errors.js';
import { parseFeatureGroupRef } from '../permissions/arns.js';
import { ACCESS_LEVELS, type AccessLevel } from '../permissions/levels.js';
import { parsePrincipal, principalAllowedFor, type Principal } from '../permissions/principals.js';

export interface PolicyPrincipal {
  text: string;
  principal: Principal;
  line: number;
}

export interface PolicyFeatureGroup {
  /** As written: a name, ACCOUNT/NAME or an ARN. */
  ref: string;
  line: number;
  grants: { level: AccessLevel; principals: PolicyPrincipal[] }[];
}

export interface Policy {
  region?: string | undefined;
  allowExternal: boolean;
  catalog?: { discoverableBy: PolicyPrincipal[] } | undefined;
  featureGroups: PolicyFeatureGroup[];
}

export interface PolicyIssue {
  line: number;
  column: number;
  message: string;
}

const principalList = z.array(z.string());
const levelsSchema = z
  .object({
    'read-only': principalList.optional(),
    'read-write': principalList.optional(),
    admin: principalList.optional(),
  })
  .strict()
  .nullable();
const policySchema = z
  .object({
    version: z.literal(1).optional(),
    region: z.string().optional(),
    'allow-external': z.boolean().optional(),
    catalog: z.object({ 'discoverable-by': principalList.optional() }).strict().nullable().optional(),
    'feature-groups': z.record(z.string(), levelsSchema).optional(),
  })
  .strict();

const TOP_KEYS = ['version', 'region', 'allow-external', 'catalog', 'feature-groups'];
const KEYS_AT: Record<string, readonly string[]> = {
  '': TOP_KEYS,
  catalog: ['discoverable-by'],
  level: ACCESS_LEVELS,
};

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest allowed word, when it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

type Path = readonly (string | number)[];

class Locator {
  /** Each map's pairs by key, built once: a policy of 1,000 groups must not be searched 4,000 times. */
  private readonly index = new WeakMap<object, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  private at(offset: number | undefined): { line: number; column: number } {
    if (offset === undefined) {
      return { line: 1, column: 1 };
    }
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  private pairOf(node: unknown, key: string): Pair | undefined {
    if (!isMap(node)) {
      return undefined;
    }
    let byKey = this.index.get(node);
    if (!byKey) {
      byKey = new Map();
      for (const p of node.items) {
        if (isPair(p) && isScalar(p.key) && !byKey.has(String(p.key.value))) {
          byKey.set(String(p.key.value), p);
        }
      }
      this.index.set(node, byKey);
    }
    return byKey.get(key);
  }

  private nodeAt(path: Path): unknown {
    let node: unknown = this.doc.contents;
    for (const step of path) {
      if (typeof step === 'number') {
        node = isSeq(node) ? node.items[step] : undefined;
      } else {
        node = this.pairOf(node, step)?.value;
      }
      if (node === undefined || node === null) {
        return undefined;
      }
    }
    return node;
  }

  /** Position of the value at `path`, or of the key `key` inside the map at `path`. */
  position(path: Path, key?: string): { line: number; column: number } {
    const node = this.nodeAt(path);
    if (key !== undefined) {
      const pair = this.pairOf(node, key);
      if (pair && isScalar(pair.key)) {
        return this.at(pair.key.range?.[0]);
      }
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      return this.at(range[0]);
    }
    return path.length > 0 ? this.position(path.slice(0, -1)) : this.at(undefined);
  }
}

function describePath(path: Path): string {
  return path.length === 0 ? 'the top level' : path.join('.');
}

function keysFor(path: Path): readonly string[] {
  if (path.length === 0) {
    return KEYS_AT[''] ?? [];
  }
  if (path[0] === 'catalog') {
    return KEYS_AT.catalog ?? [];
  }
  if (path[0] === 'feature-groups' && path.length === 2) {
    return KEYS_AT.level ?? [];
  }
  return [];
}

/** Alias expansions allowed in one policy (yaml's own default, stated so it is a decision). */
const MAX_ALIAS_COUNT = 100;

/** Parses and validates a policy; throws one UsageError listing every problem with file:line:column. */
export function parsePolicy(text: string, fileName: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const issues: PolicyIssue[] = [];
  for (const e of doc.errors) {
    const pos = e.linePos?.[0];
    issues.push({
      line: pos?.line ?? 1,
      column: pos?.col ?? 1,
      message: e.message.split('\n')[0] ?? e.message,
    });
  }
  if (issues.length === 0) {
    const locate = new Locator(doc, lines);
    let raw: unknown;
    try {
      // An alias bomb (a billion laughs) stops at yaml's alias budget instead of exhausting memory.
      raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
    } catch (error) {
      throw new UsageError(`${fileName} is not a valid policy: ${(error as Error).message}.`, {
        code: 'FSHARE_BAD_POLICY',
        hint: `A policy needs no more than ${MAX_ALIAS_COUNT} YAML alias expansions; write the principals out.`,
        details: { file: fileName },
      });
    }
    const parsed = policySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) {
            const allowed = keysFor(path);
            const suggestion = closest(key, allowed);
            const isLevel = path[0] === 'feature-groups' && path.length === 2;
            issues.push({
              ...locate.position(path, key),
              message: `${isLevel ? 'unknown level' : 'unknown key'} "${key}" in ${describePath(path)}${
                suggestion
                  ? ` (did you mean "${suggestion}"?)`
                  : allowed.length > 0
                    ? ` (expected one of: ${allowed.join(', ')})`
                    : ''
              }`,
            });
          }
        } else {
          issues.push({ ...locate.position(path), message: `${describePath(path)}: ${issue.message}` });
        }
      }
    } else {
      const policy = buildPolicy(parsed.data, locate, issues);
      if (issues.length === 0) {
        return policy;
      }
    }
  }
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  const first = issues[0];
  throw new UsageError(
    `${fileName} is not a valid policy:\n${issues.map((i) => `  ${fileName}:${i.line}:${i.column}: ${i.message}`).join('\n')}`,
    {
      code: 'FSHARE_BAD_POLICY',
      hint: `Fix ${first ? `line ${first.line}` : 'the file'}; the schema is in docs/policy.md.`,
      details: { file: fileName, issues },
    },
  );
}

function buildPolicy(data: z.infer<typeof policySchema>, locate: Locator, issues: PolicyIssue[]): Policy {
  const parseList = (texts: readonly string[], path: Path, seen: Map<string, number>): PolicyPrincipal[] => {
    const out: PolicyPrincipal[] = [];
    texts.forEach((text, i) => {
      const pos = locate.position([...path, i]);
      let principal: Principal;
      try {
        principal = parsePrincipal(text);
      } catch (error) {
        issues.push({ ...pos, message: isFshareError(error) ? error.message : String(error) });
        return;
      }
      const firstLine = seen.get(principal.id);
      if (firstLine !== undefined) {
        issues.push({
          ...pos,
          message: `duplicate principal "${principal.id}" (already listed on line ${firstLine})`,
        });
        return;
      }
      seen.set(principal.id, pos.line);
      out.push({ text, principal, line: pos.line });
    });
    return out;
  };

  const policy: Policy = {
    region: data.region,
    allowExternal: data['allow-external'] ?? false,
    featureGroups: [],
  };
  if (data.catalog) {
    const path = ['catalog', 'discoverable-by'];
    const discoverableBy = parseList(data.catalog['discoverable-by'] ?? [], path, new Map());
    for (const p of discoverableBy) {
      if (!principalAllowedFor(p.principal, 'catalog')) {
        issues.push({
          ...locate.position([...path, data.catalog['discoverable-by']?.indexOf(p.text) ?? 0]),
          message: `${p.text} is an IAM principal; the catalog accepts only accounts, organizations and OUs`,
        });
      }
    }
    policy.catalog = { discoverableBy };
  }
  for (const [ref, levels] of Object.entries(data['feature-groups'] ?? {})) {
    const pos = locate.position(['feature-groups'], ref);
    try {
      parseFeatureGroupRef(ref);
    } catch (error) {
      issues.push({ ...pos, message: isFshareError(error) ? error.message : String(error) });
      continue;
    }
    const seen = new Map<string, number>();
    const grants = ACCESS_LEVELS.flatMap((level) => {
      const texts = levels?.[level];
      return texts ? [{ level, principals: parseList(texts, ['feature-groups', ref, level], seen) }] : [];
    });
    policy.featureGroups.push({ ref, line: pos.line, grants });
  }
  return policy;
}
