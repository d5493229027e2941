import { UsageError } from '../errors.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv', 'text', 'yaml'] as const;
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
  /** --wide: tables print every column in full, whatever the terminal width. */
  wide: boolean;
  /** --query: a JMESPath expression applied to the JSON (or YAML) output. */
  query: string | undefined;
  /** --json a,b,c: gh-style field selection on the JSON output (implies -o json). */
  jsonFields: string[] | undefined;
  /** --max-items N: at most N entries of a list; a note on stderr says more exist. */
  maxItems: number | undefined;
  /** The pager command for table output on a terminal, when FSHARE_PAGER or AWS_PAGER names one. */
  pager: string | undefined;
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
  wide?: boolean;
  query?: string;
  json?: string;
  maxItems?: string;
}

/** AWS_DEFAULT_OUTPUT values fshare has a format for (the AWS CLI's yaml-stream is yaml here). */
const AWS_OUTPUT: Record<string, OutputFormat> = {
  json: 'json',
  text: 'text',
  table: 'table',
  yaml: 'yaml',
  'yaml-stream': 'yaml',
};

function parseMaxItems(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    throw new UsageError(`--max-items "${text}" must be a whole number of at least 1.`, {
      code: 'FSHARE_BAD_MAX_ITEMS',
      hint: 'For example: --max-items 100.',
    });
  }
  return Number(text);
}

function parseJsonFields(text: string | undefined): string[] | undefined {
  if (text === undefined) {
    return undefined;
  }
  const fields = text
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length === 0) {
    throw new UsageError('--json needs at least one field name.', {
      code: 'FSHARE_UNKNOWN_FIELD',
      hint: 'For example: --json name,arn. Run the command with -o json to see every field.',
    });
  }
  return fields;
}

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

export function resolveGlobals(
  raw: RawGlobalOptions,
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTTY: boolean,
): GlobalOptions {
  const fromAws = env.AWS_DEFAULT_OUTPUT ? AWS_OUTPUT[env.AWS_DEFAULT_OUTPUT.toLowerCase()] : undefined;
  let output: OutputFormat = fromAws ?? (stdoutIsTTY ? 'table' : 'json');
  const jsonFields = parseJsonFields(raw.json);
  if (jsonFields && raw.output === undefined) {
    output = 'json';
  }
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
  const selecting = jsonFields ? '--json' : raw.query !== undefined ? '--query' : undefined;
  if (selecting && raw.output !== undefined && !['json', 'ndjson', 'yaml'].includes(output)) {
    throw new UsageError(`${selecting} selects from JSON output; it does not apply to -o ${output}.`, {
      code: 'FSHARE_BAD_OUTPUT_OPTION',
      hint: `Use -o json, -o ndjson or -o yaml with ${selecting}, or leave -o out.`,
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
    wide: raw.wide === true,
    query: raw.query,
    jsonFields,
    maxItems: parseMaxItems(raw.maxItems),
    // A pager only when asked for, only on a terminal, never in a pipe.
    pager: stdoutIsTTY ? env.FSHARE_PAGER || env.AWS_PAGER || undefined : undefined,
  };
}
