/**
 * Starts the built `fshare sandbox serve --port 0` on a fresh FSHARE_HOME and drives it with clients
 * nobody here wrote: the AWS CLI and boto3. Each helper reports why it cannot run (no build, no
 * `aws`, no boto3) so a test can skip with that reason instead of failing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { principalByProfile } from '../../../src/sandbox/core/principals.js';
import { openStore, storePath } from '../../../src/sandbox/store.js';
import { runCli } from '../../helpers/run-cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'fshare');
const BOTO3_CALL = path.join(path.dirname(fileURLToPath(import.meta.url)), 'boto3_call.py');

export function missingPrerequisite(needs: { aws?: boolean; boto3?: boolean }): string | undefined {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    return 'dist/cli.js is missing: run `npm run build` first';
  }
  if (needs.aws && spawnSync('aws', ['--version'], { encoding: 'utf8' }).status !== 0) {
    return 'the AWS CLI (`aws`) is not on PATH';
  }
  if (needs.boto3 && spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' }).status !== 0) {
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
  envFor(profile: string): Record<string, string>;
  /** `aws <args…> --output json` as `profile`; AWS CLI errors are parsed into code and message. */
  aws(profile: string, args: string[]): Outcome;
  /** One boto3 call as `profile`. */
  boto3(profile: string, service: string, operation: string, params?: Record<string, unknown>): Outcome;
  stop(): Promise<void>;
}

/** Every profile's access key and secret, read once from the store `sandbox init` wrote. */
function readCredentials(home: string): Map<string, { accessKeyId: string; secretAccessKey: string }> {
  const db = openStore(storePath({ FSHARE_HOME: home }));
  try {
    const credentials = new Map<string, { accessKeyId: string; secretAccessKey: string }>();
    for (const profile of ['owner', 'auditor', 'consumer', 'consumer-analyst', 'partner']) {
      const principal = principalByProfile(db, profile);
      if (principal) {
        credentials.set(profile, {
          accessKeyId: principal.accessKeyId,
          secretAccessKey: principal.secretAccessKey,
        });
      }
    }
    return credentials;
  } finally {
    db.close();
  }
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error('sandbox serve did not print its URL within 20 s')),
      20_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((l) => l.includes('"url"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox serve exited early with ${String(code)}`));
    });
  });
}

const AWS_ERROR =
  /An error occurred \(([^)]+)\)(?: \(reached max retries: \d+\))? when calling the \w+ operation(?: \([^)]*\))?: (.*)/s;

export async function startServedSandbox(options: { orgSharing?: boolean } = {}): Promise<ServedSandbox> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  // Set-up runs in-process from src/, so only the server depends on the build in dist/.
  const init = await runCli(['sandbox', 'init', ...(options.orgSharing ? ['--org-sharing'] : [])], {
    env: { FSHARE_HOME: home },
  });
  if (init.code !== 0) {
    throw new Error(`fshare sandbox init failed (${init.code}): ${init.stderr}`);
  }
  const credentials = readCredentials(home);
  const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0'], {
    env: { ...process.env, FSHARE_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child);
  const envCache = new Map<string, Record<string, string>>();

  const envFor = (profile: string): Record<string, string> => {
    let vars = envCache.get(profile);
    if (!vars) {
      const keys = credentials.get(profile);
      if (!keys) {
        throw new Error(`no sandbox profile ${profile}`);
      }
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(
          (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('AWS_'),
        ),
      );
      vars = {
        ...inherited,
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: url,
        AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      };
      envCache.set(profile, vars);
    }
    return vars;
  };

  return {
    home,
    url,
    envFor,
    aws(profile, args) {
      const res = spawnSync(
        'aws',
        [...args, '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json'],
        {
          encoding: 'utf8',
          env: envFor(profile),
        },
      );
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
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
