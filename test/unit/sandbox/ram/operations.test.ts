/**
 * The RAM operation table against botocore's RAM model: every route is the model's method and
 * requestUri, and the CloudTrail read-only flag declared once per operation is true exactly for the
 * Get/List operations. Skipped, with the reason, where botocore is not installed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RAM_OPERATIONS, ramService } from '../../../../src/sandbox/ram/service.js';

type RamModel = { operations: Record<string, { http: { method: string; requestUri: string } }> };

/** botocore's data/ram directory, from the python3 on PATH; undefined without botocore. */
function botocoreRamDir(): string | undefined {
  try {
    const root = execFileSync(
      'python3',
      ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
    const dir = path.join(root, 'data', 'ram');
    return fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function loadModel(): RamModel | undefined {
  const ramDir = botocoreRamDir();
  if (ramDir === undefined) {
    return undefined;
  }
  const [version] = fs.readdirSync(ramDir).sort().reverse();
  const dir = path.join(ramDir, version ?? '');
  const gz = path.join(dir, 'service-2.json.gz');
  const text = fs.existsSync(gz)
    ? gunzipSync(fs.readFileSync(gz)).toString('utf8')
    : fs.readFileSync(path.join(dir, 'service-2.json'), 'utf8');
  return JSON.parse(text) as RamModel;
}

const model = loadModel();

describe('RAM operation table', () => {
  it.skipIf(model === undefined)('routes every operation as botocore’s model does (botocore present)', () => {
    for (const [name, op] of Object.entries(RAM_OPERATIONS)) {
      const modelled = model?.operations[name];
      expect(modelled, name).toBeDefined();
      expect(op.http.method, name).toBe(modelled?.http.method);
      expect(op.http.path, name).toBe(modelled?.http.requestUri.split('?')[0]);
    }
  });

  it('declares read-only exactly for the Get/List operations, and hands it to the wire', () => {
    for (const [name, op] of Object.entries(RAM_OPERATIONS)) {
      expect(op.readOnly, name).toBe(/^(Get|List)/.test(name));
      expect(ramService.operations[name]?.readOnly, name).toBe(op.readOnly);
      expect(ramService.operations[name]?.category, name).toBe('Management');
    }
  });
});
