import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Minimal INI reader for the one thing the SDK does not expose cheaply: a profile's region. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) {
      continue;
    }
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header?.[1]) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv?.[1] && current) {
      current.set(kv[1].trim(), kv[2] ?? '');
    }
  }
  return sections;
}

export function resolveRegionFromConfig(
  env: Readonly<Record<string, string | undefined>>,
  profile: string | undefined,
): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || profileSetting(env, profile, 'region');
}

/** One setting of a profile in the shared config file (e.g. endpoint_url), if it is there. */
export function profileSetting(
  env: Readonly<Record<string, string | undefined>>,
  profile: string | undefined,
  key: string,
): string | undefined {
  const file = env.AWS_CONFIG_FILE ?? join(env.HOME ?? homedir(), '.aws', 'config');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  const sections = parseIni(text);
  const section = sections.get(name === 'default' ? 'default' : `profile ${name}`) ?? sections.get(name);
  return section?.get(key) || undefined;
}

/** Every profile named in the shared config and credentials files (for did-you-mean and completion). */
export function listProfiles(env: Readonly<Record<string, string | undefined>>): string[] {
  const home = env.HOME ?? homedir();
  const names = new Set<string>();
  const files = [
    env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
  ];
  for (const file of files) {
    try {
      for (const section of parseIni(readFileSync(file, 'utf8')).keys()) {
        if (section.startsWith('sso-session ') || section.startsWith('services ')) {
          continue;
        }
        names.add(section.replace(/^profile\s+/, ''));
      }
    } catch {
      // A missing file simply holds no profiles.
    }
  }
  return [...names].sort();
}

/** Whether a named profile exists in the shared config or credentials file. */
export function profileExists(env: Readonly<Record<string, string | undefined>>, profile: string): boolean {
  const home = env.HOME ?? homedir();
  const files = [
    env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
  ];
  for (const file of files) {
    try {
      const sections = parseIni(readFileSync(file, 'utf8'));
      if (sections.has(profile) || sections.has(`profile ${profile}`)) {
        return true;
      }
    } catch {
      // A missing file simply holds no profiles.
    }
  }
  return false;
}

export interface SharedFiles {
  config: Map<string, Map<string, string>> | undefined;
  credentials: Map<string, Map<string, string>> | undefined;
}

/** Both shared files parsed (undefined when unreadable), where the SDK would look for them. */
export function readSharedFiles(env: Readonly<Record<string, string | undefined>>): SharedFiles {
  const home = env.HOME ?? homedir();
  const read = (file: string) => {
    try {
      return parseIni(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  };
  return {
    config: read(env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config')),
    credentials: read(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials')),
  };
}
