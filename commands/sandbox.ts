import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';
import { CancelledError, UsageError } from '../src/errors.js';

async function admin() {
  return import('../src/sandbox/admin.js');
}

async function home(env: Readonly<Record<string, string | undefined>>): Promise<string> {
  return (await import('../src/sandbox/store.js')).sandboxHome(env);
}

function notInitialised(): UsageError {
  return new UsageError('The sandbox has not been set up in this FSHARE_HOME.', {
    code: 'FSHARE_SANDBOX_NOT_INITIALISED',
    hint: 'Run `fshare sandbox init` first (add --org-sharing for the organization-sharing variant).',
  });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port "${text}" is not a port number.`, {
      hint: 'Use 0..65535 (0 picks a free port).',
    });
  }
  return port;
}

const init = defineCommand({
  path: ['sandbox', 'init'],
  summary: 'Create (or keep) the local multi-account sandbox, with seeded feature groups',
  description:
    'Creates the sandbox world under $FSHARE_HOME (default ~/.fshare): three accounts, five principals with their own keys, an organization, and the feature groups `customers` and `transactions` with records. Running it again keeps the existing world; --force starts a fresh one.',
  examples: [
    'fshare sandbox init',
    'fshare sandbox init --org-sharing',
    'fshare sandbox init --lake',
    'fshare sandbox init --force',
    'fshare sandbox init --ram-limits pendingInvitationsPerAccount=5,writeRatePerSecond=10',
  ],
  configure: (cmd: Command) => {
    cmd.option('--org-sharing', 'enable RAM sharing with the organization (no invitations inside it)');
    cmd.option('--force', 'delete the existing sandbox first');
    cmd.option('--lake', 'make the accounts existing CloudTrail Lake customers (Lake is closed to new ones)');
    cmd.option('--ram-limits <name=value,...>', "override RAM's quotas and request rates (docs/sandbox.md)");
  },
  run: async (
    _args: [],
    opts: { orgSharing?: boolean; force?: boolean; lake?: boolean; ramLimits?: string },
    ctx,
  ) => {
    const { initSandbox, readRamLimits } = await admin();
    const ramLimits = opts.ramLimits === undefined ? undefined : readRamLimits(opts.ramLimits);
    const warnings: string[] = [];
    const res = initSandbox(await home(ctx.env), {
      orgSharing: opts.orgSharing === true,
      force: opts.force === true,
      lake: opts.lake === true,
      ...(ramLimits ? { ramLimits } : {}),
      onWarning: (message) => warnings.push(message),
    });
    return {
      data: res,
      warnings,
      lines: [
        res.created
          ? `Sandbox created at ${res.path}.`
          : `Sandbox already set up at ${res.path}; kept as it is.`,
        `Organization sharing: ${res.orgSharing ? 'on (no invitations inside the organization)' : 'off (invitations)'}.`,
        `CloudTrail Lake: ${res.lake ? 'existing customers (event data stores allowed)' : 'closed (new customers); use a trail'}.`,
        `Profiles: ${res.profiles.join(', ')}.`,
      ],
      notes: ['Try: fshare --sandbox --profile consumer whoami'],
    };
  },
});

const serve = defineCommand({
  path: ['sandbox', 'serve'],
  summary: 'Serve the sandbox over HTTP for the AWS CLI, boto3 and other SDKs',
  description:
    'Serves STS, Organizations, RAM, SageMaker, the Feature Store runtime and CloudTrail on a loopback port. Prints the URL on stderr and {"url": …} on stdout, then serves until Ctrl-C or SIGTERM. Fault flags inject latency, throttling (each service’s own throttling error and status) and 5xx errors, reproducibly with --seed.',
  examples: [
    'fshare sandbox serve',
    'fshare sandbox serve --port 0',
    'fshare sandbox serve --latency 20-80 --throttle-rate 0.05 --error-rate 0.01 --seed 7',
  ],
  configure: (cmd: Command) => {
    cmd.option('--port <port>', 'port to listen on (0 picks a free one)', '4566');
    cmd.option('--host <host>', 'address to bind', '127.0.0.1');
    cmd.option('--latency <ms|min-max>', 'added latency per request');
    cmd.option('--throttle-rate <0..1>', 'share of requests answered with the service’s throttling error');
    cmd.option('--error-rate <0..1>', 'share of requests answered with a 500 or 503');
    cmd.option('--seed <n>', 'seed for the fault sequence');
  },
  run: async (
    _args: [],
    opts: {
      port: string;
      host: string;
      latency?: string;
      throttleRate?: string;
      errorRate?: string;
      seed?: string;
    },
    ctx,
  ) => {
    const port = parsePort(opts.port);
    const { FaultInjector, FaultSettingsError, faultSettings, hasFaults } =
      await import('../src/sandbox/faults.js');
    let settings;
    try {
      settings = faultSettings({
        latency: opts.latency,
        throttleRate: opts.throttleRate,
        errorRate: opts.errorRate,
        seed: opts.seed,
      });
    } catch (error) {
      if (error instanceof FaultSettingsError) {
        throw new UsageError(error.message, {
          hint: 'See `fshare sandbox serve --help` for the fault flags.',
        });
      }
      throw error;
    }
    const { storeFile, withInitialisedStore } = await admin();
    const sandboxDir = await home(ctx.env);
    const onWarning = (message: string): void => ctx.log.warn(message);
    if (withInitialisedStore(sandboxDir, () => true, { onWarning }) !== true) {
      throw notInitialised();
    }
    const { serveUntilStopped } = await import('../src/sandbox/server.js');
    const res = await serveUntilStopped(
      {
        storeFile: storeFile(sandboxDir),
        host: opts.host,
        port,
        faults: hasFaults(settings) ? new FaultInjector(settings) : undefined,
        onWarning,
      },
      ctx.signal,
      (server) => {
        ctx.log.info(`fshare sandbox listening on ${server.url} (Ctrl-C to stop)`);
        // The URL must reach stdout while serving, before the (final) result is rendered, so a
        // parent process can read the port chosen by --port 0.
        ctx.io.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
      },
    );
    return { data: { stopped: true, url: res.url }, notes: ['Sandbox server stopped.'] };
  },
});

const env = defineCommand({
  path: ['sandbox', 'env'],
  summary: 'Print export lines that point other tools at the served sandbox as a profile',
  examples: ['eval "$(fshare sandbox env --as consumer)"', 'fshare sandbox env --as partner --port 4567'],
  configure: (cmd: Command) => {
    cmd.requiredOption(
      '--as <profile>',
      'sandbox profile: owner, auditor, consumer, consumer-analyst, partner',
    );
    cmd.option('--port <port>', 'port of the served sandbox (default: the running server, else 4566)');
  },
  run: async (_args: [], opts: { as: string; port?: string }, ctx) => {
    const { assertSandboxProfile } = await import('../src/sandbox/client-config.js');
    assertSandboxProfile(opts.as);
    const explicitPort = opts.port === undefined ? undefined : parsePort(opts.port);
    const { withInitialisedStore, runningServer } = await admin();
    const { principalByProfile, SANDBOX_REGION } = await import('../src/sandbox/core/principals.js');
    const warnings: string[] = [];
    const found = withInitialisedStore(
      await home(ctx.env),
      (db) => ({ principal: principalByProfile(db, opts.as), server: runningServer(db) }),
      { onWarning: (message) => warnings.push(message) },
    );
    if (!found?.principal) {
      throw notInitialised();
    }
    const endpoint =
      explicitPort !== undefined
        ? `http://127.0.0.1:${explicitPort}`
        : (found.server?.url ?? 'http://127.0.0.1:4566');
    const vars = {
      AWS_ACCESS_KEY_ID: found.principal.accessKeyId,
      AWS_SECRET_ACCESS_KEY: found.principal.secretAccessKey,
      AWS_REGION: SANDBOX_REGION,
      AWS_DEFAULT_REGION: SANDBOX_REGION,
      AWS_ENDPOINT_URL: endpoint,
    };
    const line = `export ${Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`;
    return {
      data: { profile: opts.as, ...vars },
      lines: [line],
      // Made for `eval "$(fshare sandbox env --as consumer)"`: the export line even when piped,
      // unless a format was asked for.
      ...(ctx.globals.outputExplicit ? {} : { raw: `${line}\n` }),
      warnings: [
        ...warnings,
        ...(found.server || explicitPort !== undefined
          ? []
          : ['No running `fshare sandbox serve` found; assuming port 4566.']),
      ],
    };
  },
});

const status = defineCommand({
  path: ['sandbox', 'status'],
  summary: 'Accounts, principals, shares, feature groups and the server URL of the sandbox',
  examples: ['fshare sandbox status', 'fshare sandbox status -o json'],
  run: async (_args: [], _opts: Record<string, never>, ctx) => {
    const { withInitialisedStore, sandboxStatus, storeFile } = await admin();
    const dir = await home(ctx.env);
    const warnings: string[] = [];
    const st = withInitialisedStore(dir, (db) => sandboxStatus(db, storeFile(dir)), {
      onWarning: (message) => warnings.push(message),
    });
    if (!st) {
      throw notInitialised();
    }
    return {
      data: st,
      warnings,
      lines: [
        `Sandbox: ${st.path}`,
        `Sandbox time: ${st.sandboxTime}${st.clockOffsetSeconds !== 0 ? ` (clock advanced ${st.clockOffsetSeconds}s)` : ''}`,
        `Organization ${st.organization.id}, sharing ${st.orgSharing ? 'on' : 'off'}`,
        st.servers.length === 0
          ? 'Server: not running'
          : `Server${st.servers.length > 1 ? 's' : ''}: ${st.servers.map((sv) => `${sv.url} (pid ${sv.pid})`).join(', ')}`,
        `Shares: ${st.shares.length}`,
        ...st.featureGroups.map((g) => `Feature group ${g.arn}: ${g.records} records`),
      ],
      table: {
        columns: [
          { key: 'profile', header: 'Profile' },
          { key: 'accountId', header: 'Account' },
          { key: 'roleArn', header: 'Role' },
          { key: 'accessKeyId', header: 'Access key' },
        ],
        rows: st.principals,
      },
    };
  },
});

const reset = defineCommand({
  path: ['sandbox', 'reset'],
  summary: 'Delete the sandbox world (run `fshare sandbox init` to make a new one)',
  description:
    'Deletes every share, record and key of the sandbox in $FSHARE_HOME. Asks first on a terminal; --yes skips the question (and is required without a terminal).',
  examples: ['fshare sandbox reset', 'fshare sandbox reset --yes && fshare sandbox init'],
  run: async (_args: [], _opts: Record<string, never>, ctx) => {
    const { resetSandbox, storeFile } = await admin();
    const dir = await home(ctx.env);
    const fs = await import('node:fs');
    const confirmed =
      !fs.existsSync(storeFile(dir)) ||
      (await ctx.prompter.confirm(`Delete the sandbox at ${storeFile(dir)} (every share, record and key)?`, {
        default: false,
        nonInteractiveHint: 'Pass --yes to delete the sandbox without a question.',
      }));
    if (!confirmed) {
      throw new CancelledError('Cancelled: the sandbox was kept as it is.', {
        hint: 'Run `fshare sandbox reset --yes` to delete it without a question.',
      });
    }
    const res = resetSandbox(dir);
    return {
      data: res,
      lines: [
        res.removed ? `Removed the sandbox at ${res.path}.` : `No sandbox at ${res.path}; nothing to remove.`,
      ],
    };
  },
});

const clock = defineCommand({
  path: ['sandbox', 'clock'],
  summary: "Move the sandbox's clock forward (e.g. to expire invitations after 12 hours)",
  examples: ['fshare sandbox clock --advance 13h', 'fshare sandbox clock'],
  configure: (cmd: Command) => {
    cmd.option(
      '--advance <duration>',
      'how far to move, e.g. 90s, 30m, 13h, 2d, 2w, 1h30m (at most 100 years)',
    );
  },
  run: async (_args: [], opts: { advance?: string }, ctx) => {
    const { parseClockAdvance, withInitialisedStore, advanceSandboxClock } = await admin();
    const ms = opts.advance === undefined ? 0 : parseClockAdvance(opts.advance);
    const res = withInitialisedStore(await home(ctx.env), (db) => advanceSandboxClock(db, ms));
    if (!res) {
      throw notInitialised();
    }
    return { data: res, lines: [`Sandbox time is now ${res.sandboxTime}.`] };
  },
});

export default [init, serve, env, status, reset, clock];
