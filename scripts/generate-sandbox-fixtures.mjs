#!/usr/bin/env node
// Writes fixtures/sandbox/customers.jsonl and transactions.jsonl, the sandbox's seed records.
// Deterministic (fixed PRNG seed and base time): re-running it produces identical files.
// Usage: node scripts/generate-sandbox-fixtures.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'fixtures', 'sandbox');
const CUSTOMERS = 300;
const TRANSACTIONS = 400;
const BASE_EPOCH_SECONDS = 1_735_689_600; // 2025-01-01T00:00:00Z

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20250101);
const pick = (items) => items[Math.floor(random() * items.length)];
const between = (min, max) => min + Math.floor(random() * (max - min + 1));

const SEGMENTS = ['new', 'regular', 'loyal', 'vip', 'dormant'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'CA'];
const CATEGORIES = ['books', 'electronics', 'garden', 'grocery', 'outdoor', 'sports', 'toys', 'fashion'];
const CHANNELS = ['web', 'mobile', 'store'];
const CURRENCIES = ['USD', 'EUR', 'GBP'];

const customers = [];
for (let i = 1; i <= CUSTOMERS; i += 1) {
  const categories = [...new Set(Array.from({ length: between(1, 3) }, () => pick(CATEGORIES)))];
  customers.push({
    customer_id: `C${String(i).padStart(4, '0')}`,
    event_time: (BASE_EPOCH_SECONDS + between(0, 180 * 86_400) + between(0, 999) / 1000).toFixed(3),
    age: String(between(18, 85)),
    lifetime_value: (random() * 5000).toFixed(2),
    segment: pick(SEGMENTS),
    country: pick(COUNTRIES),
    preferred_categories: categories,
  });
}

const transactions = [];
for (let i = 1; i <= TRANSACTIONS; i += 1) {
  const seconds = BASE_EPOCH_SECONDS + between(0, 180 * 86_400);
  transactions.push({
    transaction_id: `T${String(i).padStart(5, '0')}`,
    event_time: new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'),
    customer_id: `C${String(between(1, CUSTOMERS)).padStart(4, '0')}`,
    amount: (random() * 500 + 1).toFixed(2),
    quantity: String(between(1, 10)),
    currency: pick(CURRENCIES),
    channel: pick(CHANNELS),
  });
}

fs.mkdirSync(outDir, { recursive: true });
const toJsonl = (rows) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
fs.writeFileSync(path.join(outDir, 'customers.jsonl'), toJsonl(customers));
fs.writeFileSync(path.join(outDir, 'transactions.jsonl'), toJsonl(transactions));
process.stdout.write(
  `wrote ${customers.length} customers and ${transactions.length} transactions to ${outDir}\n`,
);
