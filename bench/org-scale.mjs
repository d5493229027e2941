// Organization scale (issue 11): 1,000 feature groups, each with 2 read-only, 1 read-write and 1
// admin principal drawn from 200 IAM roles of the consumer account, written as one policy; RAM
// organization sharing on; `fshare sandbox serve`. Measures `apply` from nothing, `plan` on the
// converged state and `access`, and counts each run's calls from the sandbox's CloudTrail (every
// call the owner makes is an event in its account) beside the minimum the state allows:
//
// - writes: one CreateResourceShare per (principal, level) pair, carrying the principal and up to
//   99 groups, plus one AssociateResourceShare per further 100 groups of that pair;
// - reads, once per run: the caller's identity, the organization (DescribeOrganization,
//   ListAccounts), ListFeatureGroups (100 a page), RAM's permissions (ListPermissions; the
//   resolver's GetPermission is skipped when not needed), GetResourceShares and
//   GetResourceShareAssociations for principals and for resources (500 a page), and
//   ListPermissionAssociations for each of the 4 managed permissions (500 a page);
// - apply's wait: one GetResourceShareAssociations per 100 new shares.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SageMakerClient, CreateFeatureGroupCommand } from '@aws-sdk/client-sagemaker';
import Database from 'better-sqlite3';
import { FSHARE, baseEnv, fshareSync, prng, runMeasured, startServer, tempHome } from './lib.mjs';

const OWNER = '111111111111';
const CONSUMER = '222222222222';

const groupName = (i) => `fg${String(i).padStart(4, '0')}`;
const roleArn = (i) => `arn:aws:iam::${CONSUMER}:role/team-${String(i).padStart(3, '0')}`;

/** The policy: each group gets 4 distinct roles, 2 read-only, 1 read-write, 1 admin (seeded). */
export function orgScalePolicy(groups, roles, seed = 11) {
  const random = prng(seed);
  const lines = ['region: us-east-1', 'feature-groups:'];
  const pairs = new Map(); // `${role}|${level}` → group count
  for (let g = 0; g < groups; g++) {
    const picked = new Set();
    while (picked.size < 4) {
      picked.add(Math.floor(random() * roles));
    }
    const [a, b, c, d] = [...picked].map(roleArn);
    lines.push(
      `  ${groupName(g)}:`,
      `    read-only: ['${a}', '${b}']`,
      `    read-write: ['${c}']`,
      `    admin: ['${d}']`,
    );
    for (const [role, level] of [
      [a, 'read-only'],
      [b, 'read-only'],
      [c, 'read-write'],
      [d, 'admin'],
    ]) {
      pairs.set(`${role}|${level}`, (pairs.get(`${role}|${level}`) ?? 0) + 1);
    }
  }
  return { yaml: `${lines.join('\n')}\n`, pairs };
}

/** Pages to list n items (at least one call, even for none). */
const pages = (n, size) => Math.max(1, Math.ceil(n / size));

/** The reads one owner run needs, once each, at RAM's page size (500) and SageMaker's (100). */
function readsFor({ groups, shares, resources, sharesByLevel, listsGroups, readsOrganization }) {
  return (
    1 + // GetCallerIdentity
    (readsOrganization ? 2 : 0) + // DescribeOrganization, ListAccounts
    (listsGroups ? pages(groups, 100) : 0) + // ListFeatureGroups
    1 + // ListPermissions
    pages(shares, 500) + // GetResourceShares
    // Associations are read only when there is a share to read them for.
    (shares > 0 ? pages(shares, 500) + pages(resources, 500) : 0) + // GetResourceShareAssociations
    // ListPermissionAssociations, once per managed permission (the catalog's included).
    ['discover', 'read-only', 'read-write', 'admin'].reduce(
      (n, l) => n + pages(sharesByLevel[l] ?? 0, 500),
      0,
    )
  );
}

function minimumCalls({ groups, pairs }) {
  let writes = 0;
  let resources = 0;
  for (const count of pairs.values()) {
    writes += Math.ceil((count + 1) / 100);
    resources += count;
  }
  const shares = pairs.size;
  const sharesByLevel = {};
  for (const key of pairs.keys()) {
    const level = key.split('|')[1];
    sharesByLevel[level] = (sharesByLevel[level] ?? 0) + 1;
  }
  const policyRun = { groups, listsGroups: true, readsOrganization: true };
  return {
    writes,
    shares,
    resources,
    apply:
      readsFor({ ...policyRun, shares: 0, resources: 0, sharesByLevel: {} }) +
      writes +
      Math.ceil(shares / 100),
    plan: readsFor({ ...policyRun, shares, resources, sharesByLevel }),
    access: readsFor({
      groups,
      shares,
      resources,
      sharesByLevel,
      listsGroups: false,
      readsOrganization: false,
    }),
  };
}

async function createGroups(env, url, count) {
  const client = new SageMakerClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.send(
        new CreateFeatureGroupCommand({
          FeatureGroupName: groupName(i),
          RecordIdentifierFeatureName: 'id',
          EventTimeFeatureName: 'event_time',
          FeatureDefinitions: [
            { FeatureName: 'id', FeatureType: 'String' },
            { FeatureName: 'event_time', FeatureType: 'Fractional' },
          ],
          OnlineStoreConfig: { EnableOnlineStore: true },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  client.destroy();
}

/** Calls the owner made since `after` (CloudTrail sequence), by operation. */
function callsSince(db, after) {
  const rows = db
    .prepare(
      `SELECT event_name AS name, COUNT(*) AS n FROM ct_events
       WHERE seq > ? AND recipient_account = ? AND caller_account = ? GROUP BY event_name ORDER BY n DESC`,
    )
    .all(after, OWNER, OWNER);
  return {
    total: rows.reduce((s, r) => s + r.n, 0),
    byOperation: Object.fromEntries(rows.map((r) => [r.name, r.n])),
  };
}

/** The owner's credentials, from `fshare sandbox env --as owner -o json`. */
function ownerCredentials(home, url) {
  const out = JSON.parse(fshareSync(['sandbox', 'env', '--as', 'owner', '-o', 'json'], { home }).stdout);
  return {
    AWS_ACCESS_KEY_ID: out.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: out.AWS_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: url,
  };
}

const lastSeq = (db) => db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM ct_events').get().s;

export async function orgScaleBench({ quick }) {
  const groups = quick ? 100 : 1_000;
  const roles = quick ? 20 : 200;
  const home = tempHome();
  fshareSync(['sandbox', 'init', '--org-sharing'], { home });
  const server = await startServer({ home, flags: [] });
  try {
    const creds = ownerCredentials(home, server.url);
    const env = { ...baseEnv(), ...creds, FSHARE_HOME: home };
    await createGroups(creds, server.url, groups);
    const { yaml, pairs } = orgScalePolicy(groups, roles);
    const policy = join(home, 'org-scale.yaml');
    writeFileSync(policy, yaml);
    const min = minimumCalls({ groups, pairs });
    const db = new Database(join(home, 'sandbox.db'), { readonly: true });
    const cli = (args) => [FSHARE, '--endpoint-url', server.url, ...args];
    const phase = (name, args, expectExit = 0) => {
      const before = lastSeq(db);
      const res = runMeasured('node', cli(args), { env });
      if (res.status !== expectExit) {
        throw new Error(`${name} exited ${res.status}: ${res.stderr.slice(0, 400)}`);
      }
      return {
        seconds: res.ms / 1000,
        peakRssMiB: (res.maxRssKb ?? 0) / 1024,
        calls: callsSince(db, before),
      };
    };
    const apply = phase('apply', ['apply', '-f', policy, '--yes', '-o', 'json']);
    const plan = phase('plan', ['plan', '-f', policy, '--exit-code', '-o', 'json']);
    const access = phase('access', ['access', '-o', 'json']);
    db.close();
    const minimum = { apply: min.apply, plan: min.plan, access: min.access };
    return {
      groups,
      roles,
      pairs: min.shares,
      resources: min.resources,
      minWrites: min.writes,
      apply,
      plan,
      access,
      minimum,
    };
  } finally {
    await server.stop();
  }
}

export function orgScaleMarkdown(s) {
  const row = (name, r, min, goal) =>
    `| ${name} | ${r.seconds.toFixed(1)} s | ${goal} s | ${r.calls.total} | ${min} | ${(r.calls.total / min).toFixed(2)}× |`;
  return [
    `${s.groups} feature groups × ${s.roles} IAM roles of the consumer account × 3 levels (${s.resources} grants in ${s.pairs} (principal, level) shares), RAM organization sharing on, \`fshare sandbox serve\`. Calls are the owner's CloudTrail events during each run; the minimum is computed in bench/org-scale.mjs (one CreateResourceShare per (principal, level) pair with ≤ 99 groups — ${s.minWrites} here — plus each list read once at RAM's page size, plus one wait poll per 100 new shares).`,
    '',
    '| run | time | goal | calls | minimum | ratio (goal ≤ 1.2×) |',
    '|---|---|---|---|---|---|',
    row('apply from nothing', s.apply, s.minimum.apply, 60),
    row('plan (converged)', s.plan, s.minimum.plan, 10),
    row('access', s.access, s.minimum.access, 10),
    '',
    'Before (issue 11: one share per (group, level), one call at a time, a ListResourceSharePermissions per share, a DescribeFeatureGroup per group): `apply` 4 min 16 s with 6,002 mutating calls, `access` 6 min 36 s with about 7,300 calls, `plan` 7 min. The read side now pages at 500 and reads permissions once per managed permission; the write side makes one CreateResourceShare per (principal, level), 8 at a time.',
    '',
    `Calls by operation — apply: ${Object.entries(s.apply.calls.byOperation)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  ];
}
