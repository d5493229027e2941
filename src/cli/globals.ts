import { UsageError } from '../errors.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Global options, resolved: every field has its final value (env and TTY defaults applied). */
export interface GlobalOptions {
  profile: string | undefined;
  region: string | undefined;
  endpointUrl: string | undefined;
  sandbox: boolean;
  output: OutputFormat;
  /** True when the user chose the format; false when it was picked from the TTY state. */
  outputExplicit: boolean;
  color: boolean;
  debug: boolean;
  yes: boolean;
  quiet: boolean;
}

export interface RawGlobalOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  sandbox?: boolean;
  output?: string;
  color?: boolean;
  debug?: boolean;
  yes?: boolean;
  quiet?: boolean;
}

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

export function resolveGlobals(
  raw: RawGlobalOptions,
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTTY: boolean,
): GlobalOptions {
  let output: OutputFormat = stdoutIsTTY ? 'table' : 'json';
  if (raw.output !== undefined) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(raw.output)) {
      throw new UsageError(`Unknown output format "${raw.output}".`, {
        hint: `Use one of: ${OUTPUT_FORMATS.join(', ')}.`,
      });
    }
    output = raw.output as OutputFormat;
  }
  if (raw.endpointUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(raw.endpointUrl);
    } catch {
      throw new UsageError(`--endpoint-url "${raw.endpointUrl}" is not a URL.`, {
        hint: 'Pass a full URL, for example http://127.0.0.1:4566.',
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UsageError(`--endpoint-url must use http or https, not "${url.protocol}".`, {
        hint: 'Pass a full URL, for example http://127.0.0.1:4566.',
      });
    }
  }
  if (raw.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(raw.region)) {
    throw new UsageError(`--region "${raw.region}" is not an AWS region name.`, {
      hint: 'Use a region such as us-east-1 or eu-west-2.',
    });
  }
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forceColor = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '';
  const color = raw.color !== false && !noColorEnv && (stdoutIsTTY || forceColor);
  return {
    profile: raw.profile ?? env.AWS_PROFILE ?? undefined,
    region: raw.region ?? undefined,
    endpointUrl: raw.endpointUrl ?? undefined,
    sandbox: raw.sandbox === true || TRUTHY.has((env.FSHARE_SANDBOX ?? '').toLowerCase()),
    output,
    outputExplicit: raw.output !== undefined,
    color,
    debug: raw.debug === true || TRUTHY.has((env.FSHARE_DEBUG ?? '').toLowerCase()),
    yes: raw.yes === true,
    quiet: raw.quiet === true,
  };
}
