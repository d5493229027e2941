import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs');
const index = fs.readFileSync(path.join(docs, 'README.md'), 'utf8');

describe('docs/README.md', () => {
  it('every link points at a page that exists', () => {
    const links = [...index.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(fs.existsSync(path.join(docs, link)), link).toBe(true);
    }
  });

  it('mentions every registered command', () => {
    for (const { name } of COMMANDS) {
      expect(index, name).toContain(`fshare ${name}\``);
    }
  });

  it.each(['permissions.md', 'errors.md', 'whoami.md', 'doctor.md', 'completion.md', 'performance.md'])(
    'links the foundation page %s',
    (page) => {
      expect(index).toContain(`](${page})`);
    },
  );
});
