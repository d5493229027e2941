/**
 * A trail's event selectors, evaluated on each event as it is recorded. Basic selectors: read/write
 * type, management events, data resources by type and ARN prefix. Advanced selectors: ORed; the
 * field selectors inside one ANDed; a positive operator's values ORed, a negative one's all failing
 * (CloudTrail's documented semantics). `resources.*` fields must hold for one and the same resource.
 */
import { SandboxServiceError } from '../../types.js';
import type { AdvancedEventSelector, FieldSelector } from '../lake-selectors.js';
import type { CloudTrailRecord } from '../event-types.js';

export interface DataResource {
  Type: string;
  Values?: string[];
}

export interface BasicEventSelector {
  ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents?: boolean;
  DataResources?: DataResource[];
  ExcludeManagementEventSources?: string[];
}

export interface TrailSelectors {
  basic?: BasicEventSelector[];
  advanced?: AdvancedEventSelector[];
}

/** A new trail logs every management event and no data events. */
export const DEFAULT_BASIC_SELECTORS: BasicEventSelector[] = [
  {
    ReadWriteType: 'All',
    IncludeManagementEvents: true,
    DataResources: [],
    ExcludeManagementEventSources: [],
  },
];

const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
const EQUALS_ONLY = new Set(['readonly', 'eventcategory', 'resources.type']);
const FIELDS = new Set([
  'eventcategory',
  'eventsource',
  'eventname',
  'eventtype',
  'readonly',
  'resources.type',
  'resources.arn',
  'useridentity.arn',
  'sessioncredentialfromconsole',
  'errorcode',
]);
const MAX_VALUES = 500;

const invalid = (message: string): SandboxServiceError =>
  new SandboxServiceError('InvalidEventSelectorsException', message);

export function validateBasicSelectors(raw: unknown): BasicEventSelector[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 5) {
    throw invalid('EventSelectors must be a list of one to five event selectors.');
  }
  return raw.map((item: unknown): BasicEventSelector => {
    const s = (item ?? {}) as Record<string, unknown>;
    const rw = s.ReadWriteType ?? 'All';
    if (rw !== 'All' && rw !== 'ReadOnly' && rw !== 'WriteOnly') {
      throw invalid(`ReadWriteType ${String(rw)} is not valid.`);
    }
    const resources = (s.DataResources ?? []) as DataResource[];
    if (!Array.isArray(resources) || resources.some((r) => typeof r?.Type !== 'string')) {
      throw invalid('Each data resource needs a Type.');
    }
    if (resources.reduce((n, r) => n + (r.Values?.length ?? 0), 0) > 250) {
      throw invalid('A trail can have at most 250 data resources.');
    }
    return {
      ReadWriteType: rw,
      IncludeManagementEvents: s.IncludeManagementEvents !== false,
      DataResources: resources.map((r) => ({ Type: r.Type, Values: r.Values ?? [] })),
      ExcludeManagementEventSources: (s.ExcludeManagementEventSources ?? []) as string[],
    };
  });
}

export function validateAdvancedSelectors(raw: unknown): AdvancedEventSelector[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalid('AdvancedEventSelectors must be a non-empty list.');
  }
  let values = 0;
  const selectors = raw.map((item: unknown): AdvancedEventSelector => {
    const s = (item ?? {}) as { Name?: unknown; FieldSelectors?: unknown };
    if (!Array.isArray(s.FieldSelectors) || s.FieldSelectors.length === 0) {
      throw invalid('Each advanced event selector needs at least one field selector.');
    }
    const fields = s.FieldSelectors.map((f: unknown): FieldSelector => {
      const field = (f ?? {}) as Record<string, unknown>;
      const name = field.Field;
      if (typeof name !== 'string' || !FIELDS.has(name.toLowerCase())) {
        throw invalid(`Field ${String(name)} is not a valid advanced event selector field.`);
      }
      const out: FieldSelector = { Field: name };
      for (const operator of OPERATORS) {
        const list = field[operator];
        if (list === undefined || list === null) {
          continue;
        }
        if (
          !Array.isArray(list) ||
          list.length === 0 ||
          list.some((v) => typeof v !== 'string' || v === '')
        ) {
          throw invalid(`${operator} of field ${name} must be a non-empty list of non-empty strings.`);
        }
        if (EQUALS_ONLY.has(name.toLowerCase()) && operator !== 'Equals') {
          throw invalid(`Only Equals can be used with the ${name} field.`);
        }
        values += list.length;
        out[operator] = list as string[];
      }
      return out;
    });
    if (!fields.some((f) => f.Field.toLowerCase() === 'eventcategory')) {
      throw invalid('Each advanced event selector must include the eventCategory field.');
    }
    return { ...(typeof s.Name === 'string' ? { Name: s.Name } : {}), FieldSelectors: fields };
  });
  if (values > MAX_VALUES) {
    throw invalid(`Advanced event selectors can have at most ${MAX_VALUES} values in all.`);
  }
  return selectors;
}

type Resource = { type?: unknown; ARN?: unknown };

function test(operator: (typeof OPERATORS)[number], value: string, actual: string): boolean {
  switch (operator) {
    case 'Equals':
    case 'NotEquals':
      return actual === value;
    case 'StartsWith':
    case 'NotStartsWith':
      return actual.startsWith(value);
    default:
      return actual.endsWith(value);
  }
}

/** A missing value matches no positive operator and every negative one. */
function fieldHolds(field: FieldSelector, actual: string | undefined): boolean {
  return OPERATORS.every((operator) => {
    const values = field[operator];
    if (values === undefined) {
      return true;
    }
    const hit = actual !== undefined && values.some((v) => test(operator, v, actual));
    return operator.startsWith('Not') ? !hit : hit;
  });
}

function scalar(record: CloudTrailRecord, field: string): string | undefined {
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {
    eventcategory: record.eventCategory,
    eventsource: record.eventSource,
    eventname: record.eventName,
    eventtype: record.eventType,
    readonly: record.readOnly,
    errorcode: record.errorCode,
    'useridentity.arn': identity.arn,
    sessioncredentialfromconsole: record.sessionCredentialFromConsole,
  };
  const value = values[field];
  return value === undefined || value === null ? undefined : String(value);
}

function advancedMatches(selector: AdvancedEventSelector, record: CloudTrailRecord): boolean {
  const resourceFields = selector.FieldSelectors.filter((f) =>
    f.Field.toLowerCase().startsWith('resources.'),
  );
  const others = selector.FieldSelectors.filter((f) => !f.Field.toLowerCase().startsWith('resources.'));
  if (!others.every((f) => fieldHolds(f, scalar(record, f.Field.toLowerCase())))) {
    return false;
  }
  if (resourceFields.length === 0) {
    return true;
  }
  const resources = (Array.isArray(record.resources) ? record.resources : []) as Resource[];
  return resources.some((r) =>
    resourceFields.every((f) =>
      fieldHolds(f, String((f.Field.toLowerCase() === 'resources.type' ? r.type : r.ARN) ?? '')),
    ),
  );
}

function basicMatches(selector: BasicEventSelector, record: CloudTrailRecord): boolean {
  const rw = selector.ReadWriteType ?? 'All';
  if ((rw === 'ReadOnly' && !record.readOnly) || (rw === 'WriteOnly' && record.readOnly)) {
    return false;
  }
  if (record.eventCategory === 'Management') {
    return (
      selector.IncludeManagementEvents !== false &&
      !(selector.ExcludeManagementEventSources ?? []).includes(record.eventSource)
    );
  }
  const resources = (Array.isArray(record.resources) ? record.resources : []) as Resource[];
  return (selector.DataResources ?? []).some((data) =>
    resources.some(
      (r) =>
        r.type === data.Type &&
        (data.Values ?? []).some((prefix) => typeof r.ARN === 'string' && r.ARN.startsWith(prefix)),
    ),
  );
}

export function trailSelects(selectors: TrailSelectors, record: CloudTrailRecord): boolean {
  if (selectors.advanced !== undefined) {
    return selectors.advanced.some((s) => advancedMatches(s, record));
  }
  return (selectors.basic ?? DEFAULT_BASIC_SELECTORS).some((s) => basicMatches(s, record));
}
