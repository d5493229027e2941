/**
 * Hive column types (the DDL's STRING, STRUCT<a:T>, ARRAY<T>, MAP<K,V>, …) parsed into a tree,
 * rendered as DuckDB read_json column types, and as Athena's own type names for ColumnInfo. The
 * Hive JsonSerDe matches JSON keys case-insensitively; DuckDB's reader does not, so the JSON key
 * of each field is looked up in CloudTrail's record field names (the DDL lower-cases them).
 */
export type HiveType =
  | { kind: 'primitive'; name: string }
  | { kind: 'struct'; fields: { name: string; type: HiveType }[] }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType };

export class HiveTypeError extends Error {}

/** CloudTrail's record keys (camelCase) by their lower-case DDL names. */
const CLOUDTRAIL_KEYS = [
  'eventVersion',
  'userIdentity',
  'type',
  'principalId',
  'arn',
  'accountId',
  'invokedBy',
  'accessKeyId',
  'userName',
  'onBehalfOf',
  'userId',
  'identityStoreArn',
  'sessionContext',
  'attributes',
  'mfaAuthenticated',
  'creationDate',
  'sessionIssuer',
  'ec2RoleDelivery',
  'webIdFederationData',
  'federatedProvider',
  'sourceIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'resources',
  'eventType',
  'apiVersion',
  'readOnly',
  'recipientAccountId',
  'serviceEventDetails',
  'sharedEventID',
  'vpcEndpointId',
  'vpcEndpointAccountId',
  'eventCategory',
  'addendum',
  'reason',
  'updatedFields',
  'originalRequestID',
  'originalEventID',
  'sessionCredentialFromConsole',
  'edgeDeviceDetails',
  'tlsDetails',
  'tlsVersion',
  'cipherSuite',
  'clientProvidedHostHeader',
  'managementEvent',
  'insightDetails',
  'credentialId',
];
const JSON_KEY = new Map(CLOUDTRAIL_KEYS.map((k) => [k.toLowerCase(), k]));

/** The JSON key the serde reads for a DDL field name (`resources[].ARN` is the one upper-case key). */
export function jsonKeyOf(name: string, parent?: string): string {
  if (parent === 'resources' && name.toLowerCase() === 'arn') {
    return 'ARN';
  }
  return JSON_KEY.get(name.toLowerCase()) ?? name;
}

export function parseHiveType(text: string): HiveType {
  let at = 0;
  const src = text.trim();
  const skip = (): void => {
    while (at < src.length && /\s/.test(src[at] ?? '')) {
      at += 1;
    }
  };
  const word = (): string => {
    skip();
    const m = /^[`]?([A-Za-z_][A-Za-z0-9_]*)[`]?/.exec(src.slice(at));
    if (!m?.[1]) {
      throw new HiveTypeError(`Expected a name at "${src.slice(at, at + 20)}" in type ${src}`);
    }
    at += m[0].length;
    return m[1];
  };
  const expect = (ch: string): void => {
    skip();
    if (src[at] !== ch) {
      throw new HiveTypeError(`Expected "${ch}" at "${src.slice(at, at + 20)}" in type ${src}`);
    }
    at += 1;
  };
  const parse = (): HiveType => {
    const name = word().toLowerCase();
    if (name === 'struct') {
      expect('<');
      const fields: { name: string; type: HiveType }[] = [];
      for (;;) {
        const field = word();
        expect(':');
        fields.push({ name: field.toLowerCase(), type: parse() });
        skip();
        if (src[at] === ',') {
          at += 1;
          continue;
        }
        expect('>');
        return { kind: 'struct', fields };
      }
    }
    if (name === 'array') {
      expect('<');
      const element = parse();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      expect('<');
      const key = parse();
      expect(',');
      const value = parse();
      expect('>');
      return { kind: 'map', key, value };
    }
    skip();
    if (src[at] === '(') {
      // decimal(10,2), varchar(10), char(3)
      const close = src.indexOf(')', at);
      const args = src.slice(at, close + 1);
      at = close + 1;
      return { kind: 'primitive', name: `${name}${args.replace(/\s+/g, '')}` };
    }
    return { kind: 'primitive', name };
  };
  const type = parse();
  skip();
  if (at !== src.length) {
    throw new HiveTypeError(`Unexpected "${src.slice(at)}" after type ${src}`);
  }
  return type;
}

const DUCK_PRIMITIVES: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  boolean: 'BOOLEAN',
  double: 'DOUBLE',
  float: 'FLOAT',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  binary: 'BLOB',
};

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The DuckDB type read_json should produce, with fields keyed as the JSON spells them. */
export function duckTypeOf(type: HiveType, name?: string): string {
  switch (type.kind) {
    case 'primitive': {
      const base = type.name.replace(/\(.*$/, '');
      if (base === 'decimal') {
        return type.name.toUpperCase();
      }
      return DUCK_PRIMITIVES[base] ?? 'VARCHAR';
    }
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdent(jsonKeyOf(f.name, name))} ${duckTypeOf(f.type, f.name)}`).join(', ')})`;
    case 'array':
      return `${duckTypeOf(type.element, name)}[]`;
    case 'map':
      return `MAP(${duckTypeOf(type.key)}, ${duckTypeOf(type.value)})`;
  }
}

/** Athena's type text for ColumnInfo and GetTableMetadata (Hive spelling, lower case). */
export function hiveTypeText(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${hiveTypeText(f.type)}`).join(',')}>`;
    case 'array':
      return `array<${hiveTypeText(type.element)}>`;
    case 'map':
      return `map<${hiveTypeText(type.key)},${hiveTypeText(type.value)}>`;
  }
}
