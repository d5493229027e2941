/** Reads a policy file from disk (the only I/O around the pure policy parser). */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { parsePolicy, type Policy } from './policy.js';

export async function loadPolicy(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(
      `Cannot read the policy file ${file}${code === 'ENOENT' ? ': it does not exist' : ` (${code ?? 'error'})`}.`,
      {
        code: 'FSHARE_POLICY_UNREADABLE',
        hint: 'Pass the path of a YAML policy with -f; see docs/policy.md.',
      },
    );
  }
  return parsePolicy(text, file);
}
