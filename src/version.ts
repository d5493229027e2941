import pkg from '../package.json' with { type: 'json' };

/** fshare's version, inlined from package.json at build time. */
export const VERSION: string = pkg.version;

/** Appended to every AWS request's user agent, so CloudTrail shows which calls fshare made. */
export const USER_AGENT_PRODUCT = 'fshare';
