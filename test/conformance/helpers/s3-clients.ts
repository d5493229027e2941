/**
 * S3 clients for the S3 conformance tests, each answer checked against botocore's S3 model:
 * the AWS CLI runs with the s3_model_check plugin, boto3 calls go through s3_calls.py (many calls,
 * one process). Both append to one log the test reads back at the end.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Outcome, ServedSandbox } from './served-sandbox.js';

const HELPERS = path.dirname(fileURLToPath(import.meta.url));

const AWS_ERROR =
  /An error occurred \(([^)]+)\)(?: \(reached max retries: \d+\))? when calling the \w+ operation(?: \([^)]*\))?: (.*)/s;

export interface S3CallSpec {
  op: string;
  params?: Record<string, unknown>;
  /** Send the request without Content-MD5 or any x-amz-checksum-* header. */
  strip_checksums?: boolean;
  /** Headers set on the request just before it is signed (after any stripping). */
  set_headers?: Record<string, string>;
  /** boto3 TransferConfig arguments for upload_file/download_file. */
  transfer?: Record<string, unknown>;
  client_config?: Record<string, unknown>;
}

export interface ModelRecord {
  operation: string;
  status: number;
  problems: string[];
}

export interface CheckedS3 {
  /** `aws <args…>` as `profile`, raw (for `aws s3 …`, which prints text). */
  cli(profile: string, args: string[]): { status: number | null; stdout: string; stderr: string };
  /** `aws <args…> --output json` as `profile`, parsed as ServedSandbox.aws parses it. */
  api(profile: string, args: string[]): Outcome;
  /** boto3 calls as `profile`, in order, in one process. */
  calls(profile: string, specs: S3CallSpec[]): Outcome[];
  /** boto3 call as `profile`. */
  call(profile: string, spec: S3CallSpec): Outcome;
  /** Every answer checked so far. */
  records(): ModelRecord[];
}

export function checkedS3(sandbox: ServedSandbox, work: string): CheckedS3 {
  const log = path.join(work, 's3-model-check.jsonl');
  const config = path.join(work, 'aws-config-model-check');
  fs.writeFileSync(config, '[plugins]\ns3modelcheck = s3_model_check\n');
  const env = (profile: string): NodeJS.ProcessEnv => ({
    ...sandbox.envFor(profile),
    AWS_CONFIG_FILE: config,
    PYTHONPATH: HELPERS,
    FSHARE_S3_MODEL_LOG: log,
  });
  const calls = (profile: string, specs: S3CallSpec[]): Outcome[] => {
    const res = spawnSync('python3', [path.join(HELPERS, 's3_calls.py')], {
      input: JSON.stringify(specs),
      encoding: 'utf8',
      env: env(profile),
      maxBuffer: 64 * 1024 * 1024,
    });
    if (res.status !== 0) {
      throw new Error(`s3_calls.py crashed (${String(res.status ?? res.error)}): ${res.stderr}`);
    }
    return JSON.parse(res.stdout) as Outcome[];
  };
  const cli = (profile: string, args: string[]) =>
    spawnSync('aws', [...args, '--endpoint-url', sandbox.url, '--region', 'us-east-1'], {
      encoding: 'utf8',
      env: env(profile),
    });
  return {
    cli,
    api: (profile, args) => {
      const res = cli(profile, [...args, '--output', 'json']);
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
    calls,
    call: (profile, spec) => {
      const [outcome] = calls(profile, [spec]);
      if (!outcome) {
        throw new Error('s3_calls.py answered nothing');
      }
      return outcome;
    },
    records: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as ModelRecord)
        : [],
  };
}
