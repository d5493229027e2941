/**
 * S3 clients for the S3 conformance tests, each answer checked against botocore's S3 model:
 * the AWS CLI runs with the s3_model_check plugin, boto3 calls go through s3_calls.py (many calls,
 * one process). Both append to one log the test reads back at the end.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliOutcome, type Outcome, type ServedSandbox } from './served-sandbox.js';

const HELPERS = path.dirname(fileURLToPath(import.meta.url));

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
      return cliOutcome(cli(profile, [...args, '--output', 'json']));
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

export const MIB = 1024 * 1024;
export const md5 = (data: Buffer): Buffer => createHash('md5').update(data).digest();

/** S3's multipart ETag for `data` cut into `partSize` parts. */
export function multipartEtag(data: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < data.length; at += partSize) {
    digests.push(md5(data.subarray(at, at + partSize)));
  }
  return `"${md5(Buffer.concat(digests)).toString('hex')}-${digests.length}"`;
}

/** Deterministic bytes that are not one repeated value. */
export function pattern(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) {
    out[i] = (i * 31 + seed) % 253;
  }
  return out;
}

/** Every file and directory under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
}

/** Where the served sandbox keeps in-progress uploads' parts (beside its buckets' directories). */
export function uploadsRoot(sandbox: ServedSandbox, bucket: string): string {
  const inside = filesUnder(sandbox.home).find((f) =>
    fs.existsSync(path.join(path.dirname(f), 's3', bucket)),
  );
  return path.join(path.dirname(inside ?? sandbox.home), 's3', '.uploads');
}

/** The operations whose successful answers were checked; fails on any answer that did not fit. */
export function checkedOperations(s3: CheckedS3): Set<string> {
  const records = s3.records();
  const misfits = records.filter((r) => r.problems.length > 0);
  if (misfits.length > 0) {
    throw new Error(`answers that do not fit botocore's S3 model: ${JSON.stringify(misfits, null, 2)}`);
  }
  return new Set(records.filter((r) => r.status < 300).map((r) => r.operation));
}
