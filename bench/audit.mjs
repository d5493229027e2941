// Audit scenarios: 5,000 management events through LookupEvents under the sandbox's 2 TPS limit,
// and a CloudTrail Lake summary over 1,000,000 data events. The events are copies of real events
// the sandbox recorded for real calls, inserted straight into the sandbox's store (making a
// million real calls would measure the set-up, not the audit).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FSHARE, baseEnv, fshareSync, runMeasured, startServer, tempHome } from './lib.mjs';

export function multiply(db, { where, copies, fromMs, toMs, tag }) {
  const template = db.prepare(`SELECT * FROM ct_events WHERE ${where} ORDER BY seq DESC LIMIT 1`).get();
  if (!template) {
    throw new Error(`no template event for ${where}`);
  }
  const names = ['GetRecord', 'BatchGetRecord', 'PutRecord'];
  const sql = `
    INSERT INTO ct_events (recipient_account, region, event_id, shared_event_id, event_time, event_time_ms,
      event_name, event_source, event_category, read_only, username, caller_account, principal_arn,
      access_key_id, resource_types, resource_arns, resource_names, error_code, lake_user_identity,
      lake_resources, record)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @copies)
    SELECT t.recipient_account, t.region, @tag || '-' || i, t.shared_event_id,
      strftime('%Y-%m-%dT%H:%M:%SZ', (@from + (i * (@to - @from)) / @copies) / 1000, 'unixepoch'),
      @from + (i * (@to - @from)) / @copies,
      CASE WHEN @vary = 1 THEN (CASE i % 3 WHEN 0 THEN '${names[0]}' WHEN 1 THEN '${names[1]}' ELSE '${names[2]}' END) ELSE t.event_name END,
      t.event_source, t.event_category, t.read_only, t.username, t.caller_account, t.principal_arn,
      t.access_key_id, t.resource_types, t.resource_arns, t.resource_names,
      CASE WHEN @vary = 1 AND i % 50 = 0 THEN 'AccessForbidden' ELSE t.error_code END,
      t.lake_user_identity, t.lake_resources,
      json_set(t.record, '$.eventID', @tag || '-' || i,
        '$.eventTime', strftime('%Y-%m-%dT%H:%M:%SZ', (@from + (i * (@to - @from)) / @copies) / 1000, 'unixepoch'))
    FROM n, (SELECT * FROM ct_events WHERE seq = @seq) AS t`;
  db.prepare(sql).run({
    copies,
    from: fromMs,
    to: toMs,
    tag,
    seq: template.seq,
    vary: tag === 'bench-data' ? 1 : 0,
  });
}

export async function auditBench({ quick }) {
  const home = tempHome();
  const env = { ...baseEnv(), FSHARE_HOME: home };
  fshareSync(['sandbox', 'init', '--lake'], { home }); // the Lake emulation: existing Lake customers
  const server = await startServer({ home, flags: [] });
  const cli = (profile, args) => ['--sandbox', '--endpoint-url', server.url, '--profile', profile, ...args];
  try {
    fshareSync(cli('auditor', ['audit', 'setup', '-o', 'json']), { home });
    fshareSync(cli('owner', ['get-record', 'customers', 'C0001', '-o', 'json']), { home });
    fshareSync(cli('owner', ['describe', 'customers', '-o', 'json']), { home });
    const managementEvents = quick ? 1_000 : 5_000;
    // BENCH_LAKE_EVENTS overrides the Lake data set (the summary pages every event to the client).
    const dataEvents = Number(process.env.BENCH_LAKE_EVENTS) || (quick ? 100_000 : 1_000_000);
    const db = new Database(join(home, 'sandbox.db'));
    db.pragma('journal_mode = WAL');
    const store = db.prepare('SELECT created_ms FROM ct_event_data_stores ORDER BY created_ms LIMIT 1').get();
    const now = Date.now();
    multiply(db, {
      where:
        "event_category = 'Management' AND event_name = 'DescribeFeatureGroup' AND recipient_account = '111111111111'",
      copies: managementEvents,
      fromMs: now - 50 * 60_000,
      toMs: now - 1_000,
      tag: 'bench-mgmt',
    });
    multiply(db, {
      where: "event_category = 'Data' AND recipient_account = '111111111111'",
      copies: dataEvents,
      // Between the store's creation and now: the store only holds events from its creation on.
      fromMs: store.created_ms + 1,
      toMs: Math.max(now - 1, store.created_ms + 2),
      tag: 'bench-data',
    });
    db.close();

    const pages = Math.ceil(managementEvents / 50);
    const events = runMeasured(
      'node',
      [
        FSHARE,
        ...cli('auditor', [
          'audit',
          '--source',
          'events',
          '--since',
          '1h',
          '--event',
          'DescribeFeatureGroup',
          '--limit',
          String(managementEvents + 100),
          '-o',
          'ndjson',
        ]),
      ],
      { env },
    );
    const fetched = events.stdout.split('\n').filter(Boolean).length;
    const check = new Database(join(home, 'sandbox.db'), { readonly: true });
    const throttles = check
      .prepare(
        "SELECT COUNT(*) AS c FROM ct_events WHERE event_name = 'LookupEvents' AND error_code = 'ThrottlingException'",
      )
      .get().c;
    check.close();
    const floorSeconds = (pages - 1) / 2;

    const lake = runMeasured(
      'node',
      [FSHARE, ...cli('auditor', ['audit', '--source', 'lake', '--since', '2h', '--summary', '-o', 'json'])],
      {
        env,
      },
    );
    // The summary's counts must add up to the events inserted (plus the few real ones), or the
    // timing means nothing.
    let summarised = 0;
    try {
      for (const row of JSON.parse(lake.stdout)) {
        if (row.category === 'data' || /Record/.test(row.action ?? '')) {
          summarised += (row.allowed ?? 0) + (row.denied ?? 0) + (row.errors ?? 0);
        }
      }
    } catch {
      summarised = -1;
    }
    const markdown = [
      '| scenario | events | seconds | limit allows | throttles | peak RSS |',
      '|---|---|---|---|---|---|',
      `| \`fshare audit --source events\` (LookupEvents, 2 TPS) | ${fetched} | ${(events.ms / 1000).toFixed(1)} | ${floorSeconds.toFixed(1)} s for ${pages} pages | ${throttles} | ${(events.maxRssKb / 1024).toFixed(0)} MiB |`,
      `| \`fshare audit --source lake --summary\` | ${dataEvents} data events (${summarised} counted in the summary) | ${(lake.ms / 1000).toFixed(1)} | | | ${(lake.maxRssKb / 1024).toFixed(0)} MiB |`,
      '',
      `Target: LookupEvents pacing within 10% of the 2 TPS limit with zero throttles — ${events.status === 0 && throttles === 0 && events.ms / 1000 <= floorSeconds * 1.1 + 1 ? 'met' : 'missed'} (${((events.ms / 1000 / floorSeconds - 1) * 100).toFixed(1)}% over the limit's floor, start-up included). Exit codes: events ${events.status}, lake ${lake.status}.`,
    ];
    return {
      events: { fetched, seconds: events.ms / 1000, pages, floorSeconds, throttles, status: events.status },
      lake: { dataEvents, summarised, seconds: lake.ms / 1000, status: lake.status },
      markdown,
    };
  } finally {
    await server.stop();
  }
}
