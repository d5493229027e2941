// Reproducible data sets for the benchmark (seeded), shaped like the sandbox's `customers` group.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { prng } from './lib.mjs';

const SEGMENTS = ['new', 'casual', 'loyal', 'vip', 'dormant'];
const CATEGORIES = ['books', 'garden', 'toys', 'music', 'sports', 'food'];

export function customerRow(i, rand) {
  const cats = CATEGORIES.filter(() => rand() < 0.3);
  return {
    customer_id: `B${String(i).padStart(8, '0')}`,
    event_time: 1767225600 + i,
    age: 18 + Math.floor(rand() * 70),
    lifetime_value: Math.round(rand() * 1e6) / 100,
    segment: SEGMENTS[Math.floor(rand() * SEGMENTS.length)],
    preferred_categories: cats.length ? cats : ['books'],
  };
}

async function write(stream, text) {
  if (!stream.write(text)) {
    await once(stream, 'drain');
  }
}

/** Writes `rows` customer rows as CSV (lists as JSON arrays) or JSONL. */
export async function generateCustomers(path, rows, { seed = 42, format = 'csv' } = {}) {
  const rand = prng(seed);
  const out = createWriteStream(path);
  if (format === 'csv') {
    await write(out, 'customer_id,event_time,age,lifetime_value,segment,preferred_categories\n');
  }
  for (let i = 0; i < rows; i++) {
    const r = customerRow(i, rand);
    if (format === 'csv') {
      await write(
        out,
        `${r.customer_id},${r.event_time},${r.age},${r.lifetime_value},${r.segment},"${JSON.stringify(r.preferred_categories).replace(/"/g, '""')}"\n`,
      );
    } else {
      await write(out, `${JSON.stringify(r)}\n`);
    }
  }
  out.end();
  await once(out, 'finish');
}

export async function generateIds(path, count, { prefix = 'B', width = 8 } = {}) {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    await write(out, `${prefix}${String(i).padStart(width, '0')}\n`);
  }
  out.end();
  await once(out, 'finish');
}
