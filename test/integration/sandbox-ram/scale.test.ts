/**
 * RAM at organization scale: one share per (group, level) for N groups, each with principals drawn
 * from 200 roles, through the real SDK client. Checks that the reads are right at that size and that
 * the hot queries are answered from indexes (EXPLAIN QUERY PLAN: no full scan of associations,
 * invitations or permissions). Timings are printed, never asserted. FSHARE_RAM_SCALE=1000 runs the
 * issue-11 size (1,000 groups, 3,000 shares); the default keeps the suite quick.
 */
import {
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  GetResourceSharesCommand,
  ListPermissionAssociationsCommand,
  ListPrincipalsCommand,
  ListResourcesCommand,
  type RAMClient,
} from '@aws-sdk/client-ram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withInitialisedStore } from '../../../src/sandbox/admin.js';
import { setRamLimits } from '../../../src/sandbox/ram/models/limits.js';
import type { Db } from '../../../src/sandbox/types.js';
import {
  CONSUMER,
  CUSTOMERS_ARN,
  OWNER,
  PERMISSION,
  READ_ONLY,
  createSandbox,
  type Sandbox,
} from '../sandbox/harness.js';

const GROUPS = Number(process.env.FSHARE_RAM_SCALE ?? 60);
const LEVELS = [
  READ_ONLY,
  PERMISSION('AWSRAMPermissionSagemakerFeatureGroupReadWrite'),
  PERMISSION('AWSRAMPermissionSagemakerFeatureGroupAdmin'),
];
const role = (n: number) => `arn:aws:iam::${CONSUMER}:role/team-${n % 200}`;
const groupArn = (i: number) => `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/g${i}`;

let sb: Sandbox;
let owner: RAMClient;
const timings: string[] = [];

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const out = await run();
  timings.push(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  return out;
}

function addFeatureGroups(db: Db, count: number): void {
  const insert = db.prepare(
    `INSERT INTO sm_feature_groups SELECT account_id, region, ?, ?, record_identifier_feature_name,
       event_time_feature_name, feature_definitions, status, description, tags, online_store_config,
       offline_store_config, role_arn, throughput_config, feature_metadata, last_update_status, created_at,
       last_modified_at FROM sm_feature_groups WHERE arn = ?`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(`g${i}`, groupArn(i), CUSTOMERS_ARN);
    }
  })();
}

describe(`RAM at scale (${GROUPS} groups × 3 levels)`, () => {
  beforeAll(async () => {
    sb = createSandbox({ orgSharing: true });
    withInitialisedStore(sb.home, (db) => {
      addFeatureGroups(db, GROUPS);
      setRamLimits(db, { writeBurst: 1e9, writeRatePerSecond: 1e9, readBurst: 1e9, readRatePerSecond: 1e9 });
    });
    owner = await sb.ram('owner');
    await timed(`create ${GROUPS * 3} shares (1 group, 1-2 roles each)`, async () => {
      for (let i = 0; i < GROUPS; i++) {
        for (const [level, permissionArn] of LEVELS.entries()) {
          const principals = level === 0 ? [role(i), role(i + 1)] : [role(i + 2 + level)];
          await owner.send(
            new CreateResourceShareCommand({
              name: `fshare-g${i}-${level}`,
              resourceArns: [groupArn(i)],
              principals,
              permissionArns: [permissionArn],
            }),
          );
        }
      }
    });
  }, 600_000);
  afterAll(() => {
    console.log(timings.join('\n'));
    sb.dispose();
  });

  it('pages every principal association at the maximum page size', async () => {
    let nextToken: string | undefined;
    let count = 0;
    let pages = 0;
    await timed('GetResourceShareAssociations PRINCIPAL, all pages of 500', async () => {
      do {
        const out = await owner.send(
          new GetResourceShareAssociationsCommand({
            associationType: 'PRINCIPAL',
            maxResults: 500,
            nextToken,
          }),
        );
        count += out.resourceShareAssociations?.length ?? 0;
        pages += 1;
        nextToken = out.nextToken;
      } while (nextToken);
    });
    expect(count).toBe(GROUPS * 4);
    expect(pages).toBe(Math.ceil((GROUPS * 4) / 500));
  });

  it('reads each level’s shares with one ListPermissionAssociations walk', async () => {
    for (const permissionArn of LEVELS) {
      let nextToken: string | undefined;
      let count = 0;
      await timed(`ListPermissionAssociations ${permissionArn.split('/')[1]}`, async () => {
        do {
          const out = await owner.send(
            new ListPermissionAssociationsCommand({ permissionArn, maxResults: 500, nextToken }),
          );
          count += out.permissions?.length ?? 0;
          nextToken = out.nextToken;
        } while (nextToken);
      });
      expect(count).toBe(GROUPS);
    }
  });

  it('walks ListResources and ListPrincipals over every share', async () => {
    for (const [label, list, member] of [
      [
        'ListResources',
        (nextToken?: string) =>
          owner.send(new ListResourcesCommand({ resourceOwner: 'SELF', maxResults: 500, nextToken })),
        'resources',
      ],
      [
        'ListPrincipals',
        (nextToken?: string) =>
          owner.send(new ListPrincipalsCommand({ resourceOwner: 'SELF', maxResults: 500, nextToken })),
        'principals',
      ],
    ] as const) {
      let nextToken: string | undefined;
      let count = 0;
      await timed(`${label} SELF, all pages of 500`, async () => {
        do {
          const out = (await list(nextToken)) as unknown as Record<string, unknown> & { nextToken?: string };
          count += (out[member] as unknown[] | undefined)?.length ?? 0;
          nextToken = out.nextToken;
        } while (nextToken);
      });
      expect(count, label).toBe(label === 'ListResources' ? GROUPS * 3 : GROUPS * 4);
    }
  });

  it('walks every share with GetResourceShares at the maximum page size', async () => {
    let nextToken: string | undefined;
    let count = 0;
    await timed('GetResourceShares SELF, all pages of 500', async () => {
      do {
        const out = await owner.send(
          new GetResourceSharesCommand({ resourceOwner: 'SELF', maxResults: 500, nextToken }),
        );
        count += out.resourceShares?.length ?? 0;
        nextToken = out.nextToken;
      } while (nextToken);
    });
    expect(count).toBe(GROUPS * 3);
  });

  it('lists shares by page and associates 100 principals in one call', async () => {
    const first = await timed('GetResourceShares SELF, first page of 500', () =>
      owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', maxResults: 500 })),
    );
    expect(first.resourceShares).toHaveLength(Math.min(500, GROUPS * 3));
    const arn = first.resourceShares?.[0]?.resourceShareArn;
    const principals = Array.from({ length: 100 }, (_, i) => `arn:aws:iam::${CONSUMER}:role/bulk-${i}`);
    const out = await timed('AssociateResourceShare with 100 principals', () =>
      owner.send(new AssociateResourceShareCommand({ resourceShareArn: arn, principals })),
    );
    expect(out.resourceShareAssociations).toHaveLength(100);
  });

  it('answers the hot queries from indexes', () => {
    const plans = withInitialisedStore(sb.home, (db) => {
      const plan = (sql: string, ...params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join(' | ');
      return {
        settleAssociating: plan(`SELECT rowid FROM ram_associations WHERE status = 'ASSOCIATING'`),
        settleExpiry: plan(
          `SELECT arn FROM ram_invitations WHERE status = 'PENDING' AND invitation_time <= ?`,
          0,
        ),
        pendingQuota: plan(
          `SELECT COUNT(*) FROM ram_invitations WHERE sender_account_id = ? AND status = 'PENDING'`,
          OWNER,
        ),
        permissionShares: plan(
          'SELECT share_arn FROM ram_share_permissions WHERE permission_arn = ?',
          READ_ONLY,
        ),
        ownShares: plan(
          'SELECT * FROM ram_shares WHERE owner_account_id = ? AND region = ? ORDER BY creation_time, arn',
          OWNER,
          'us-east-1',
        ),
        byEntity: plan('SELECT * FROM ram_associations WHERE entity = ?', CONSUMER),
      };
    });
    for (const [name, detail] of Object.entries(plans ?? {})) {
      expect(detail, name).toMatch(/USING (COVERING )?INDEX/);
      expect(detail, name).not.toMatch(/^SCAN ram_|\| SCAN ram_/);
    }
  });
});
