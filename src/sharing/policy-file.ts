/** Reads a policy file from disk or stdin (`-f -`): the only I/O around the pure policy parser. */
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { readAll } from '../records/inputs.js';
import { UsageError } from '../errors.js';
import { parsePolicy, type Policy } from './policy.js';

/** A policy for 1,000 groups × 4 principals is well under 1 MB; anything far beyond is a mistake. */
const MAX_POLICY_BYTES = 16 * 1024 * 1024;

const tooLarge = (source: string) =>
  new UsageError(`The policy ${source} is larger than ${MAX_POLICY_BYTES / 1024 / 1024} MB.`, {
    code: 'FSHARE_POLICY_UNREADABLE',
    hint: 'Split it into several policies, or check that -f names the policy file.',
  });

export async function loadPolicy(file: string, stdin?: Readable): Promise<Policy> {
  if (file === '-') {
    if (!stdin) {
      throw new UsageError('-f - reads the policy from stdin, and there is none.', {
        code: 'FSHARE_POLICY_UNREADABLE',
        hint: 'Pipe the policy in (`cat sharing.yaml | fshare plan -f -`) or name the file.',
      });
    }
    let text: string;
    try {
      text = await readAll(stdin, 'stdin', MAX_POLICY_BYTES);
    } catch {
      throw tooLarge('on stdin');
    }
    return parsePolicy(text, '<stdin>');
  }
  let text: string;
  try {
    if ((await stat(file)).size > MAX_POLICY_BYTES) {
      throw tooLarge(file);
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) {
      throw error;
    }
    const code = (error as { code?: string }).code;
    throw new UsageError(
      `Cannot read the policy file ${file}${code === 'ENOENT' ? ': it does not exist' : code === 'EISDIR' ? ': it is a directory' : ` (${code ?? 'error'})`}.`,
      {
        code: 'FSHARE_POLICY_UNREADABLE',
        hint: 'Pass the path of a YAML policy with -f (or - for stdin); see docs/policy.md.',
      },
    );
  }
  return parsePolicy(text, file);
}
