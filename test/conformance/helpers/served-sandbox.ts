/**
 * Clients nobody here wrote, driving the served sandbox: `aws …` and one boto3 call per process, as
 * a given profile. The server itself is started by A's `serve-harness.ts`; this adds the client
 * runners and the reason to skip when a client is absent.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, startServed } from '../serve-harness.js';

const BOTO3_CALL = path.join(path.dirname(fileURLToPath(import.meta.url)), 'boto3_call.py');

export function missingPrerequisite(needs: { aws?: boolean; boto3?: boolean }): string | undefined {
  if (needs.aws && !hasCommand('aws', ['--version'])) {
    return 'the AWS CLI (`aws`) is not on PATH';
  }
  if (needs.boto3 && !hasCommand('python3', ['-c', 'import boto3'])) {
    return 'python3 with boto3 is not available';
  }
  return undefined;
}

export interface Outcome {
  ok: boolean;
  response?: Record<string, unknown>;
  code?: string;
  status?: number;
  message?: string;
}

export interface ServedSandbox {
  home: string;
  url: string;
  /** Environment for another tool acting as `profile` (what `fshare sandbox env --as` prints). */
  envFor(profile: string): NodeJS.ProcessEnv;
  /** `aws <args…> --output json` as `profile`; AWS CLI errors are parsed into code and message. */
  aws(profile: string, args: string[]): Outcome;
  /** One boto3 call as `profile`. */
  boto3(profile: string, service: string, operation: string, params?: Record<string, unknown>): Outcome;
  stop(): Promise<void>;
}

const AWS_ERROR =
  /An error occurred \(([^)]+)\)(?: \(reached max retries: \d+\))? when calling the \w+ operation(?: \([^)]*\))?: (.*)/s;

/** An `aws … --output json` run as an Outcome: its JSON answer, or the code and message it printed. */
export function cliOutcome(res: { status: number | null; stdout: string; stderr: string }): Outcome {
  if (res.status === 0) {
    return {
      ok: true,
      response: res.stdout.trim() === '' ? {} : (JSON.parse(res.stdout) as Record<string, unknown>),
    };
  }
  const m = AWS_ERROR.exec(res.stderr);
  return {
    ok: false,
    ...(m ? { code: m[1] ?? '', message: (m[2] ?? '').trim() } : { message: res.stderr.trim() }),
  };
}

export async function startServedSandbox(
  options: { orgSharing?: boolean; lake?: boolean } = {},
): Promise<ServedSandbox> {
  const served = await startServed([
    ...(options.orgSharing ? ['--org-sharing'] : []),
    ...(options.lake ? ['--lake'] : []),
  ]);
  const envFor = (profile: string): NodeJS.ProcessEnv => served.clientEnv(profile);
  return {
    home: served.home,
    url: served.url,
    envFor,
    aws(profile, args) {
      const res = spawnSync(
        'aws',
        [...args, '--endpoint-url', served.url, '--region', 'us-east-1', '--output', 'json'],
        {
          encoding: 'utf8',
          env: envFor(profile),
        },
      );
      return cliOutcome(res);
    },
    boto3(profile, service, operation, params = {}) {
      const res = spawnSync('python3', [BOTO3_CALL, service, operation, JSON.stringify(params)], {
        encoding: 'utf8',
        env: envFor(profile),
      });
      if (res.status !== 0) {
        throw new Error(`boto3 ${service}.${operation} crashed: ${res.stderr}`);
      }
      return JSON.parse(res.stdout) as Outcome;
    },
    stop: () => served.stop(),
  };
}
