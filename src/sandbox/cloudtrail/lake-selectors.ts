/**
 * CloudTrail Lake's advanced event selectors: their validation (CreateEventDataStore's rules) and
 * their translation into the SQLite condition that picks a store's events out of ct_events.
 */
import { SandboxServiceError } from '../types.js';
import { quoteString } from './lake-sql-tokens.js';

export interface FieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: FieldSelector[];
}

/** What CloudTrail stores when CreateEventDataStore gets no selectors: all management events. */
export const DEFAULT_SELECTORS: AdvancedEventSelector[] = [
  { Name: 'Default management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
];

const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
const EQUALS_ONLY = new Set(['readOnly', 'eventCategory', 'resources.type']);

/** Columns of ct_events a selector field reads; multi-valued fields are JSON arrays. */
const SELECTOR_COLUMNS: Record<string, { column: string; multi: boolean }> = {
  eventcategory: { column: 'event_category', multi: false },
  eventsource: { column: 'event_source', multi: false },
  eventname: { column: 'event_name', multi: false },
  readonly: { column: 'read_only', multi: false },
  errorcode: { column: 'error_code', multi: false },
  'useridentity.arn': { column: 'principal_arn', multi: false },
  'resources.type': { column: 'resource_types', multi: true },
  'resources.arn': { column: 'resource_arns', multi: true },
};

function valueCondition(operator: (typeof OPERATORS)[number], value: string, expr: string): string {
  const literal = quoteString(value);
  switch (operator) {
    case 'Equals':
    case 'NotEquals':
      return `${expr} = ${literal}`;
    case 'StartsWith':
    case 'NotStartsWith':
      return `substr(${expr}, 1, ${value.length}) = ${literal}`;
    default:
      return `substr(${expr}, -${Math.max(value.length, 1)}) = ${literal}`;
  }
}

/**
 * Advanced event selectors as a SQL condition over ct_events. Selectors are ORed; the field
 * selectors inside one are ANDed; the values of a positive operator are ORed, of a negative one
 * all must fail to match (CloudTrail's documented semantics).
 */
export function selectorsToSql(selectors: readonly AdvancedEventSelector[]): string {
  if (selectors.length === 0) {
    return 'FALSE';
  }
  const ors = selectors.map((selector) => {
    const ands = selector.FieldSelectors.map((field) => {
      const known = SELECTOR_COLUMNS[field.Field.toLowerCase()];
      const column = known?.column ?? `json_extract(record, ${quoteString(`$.${field.Field}`)})`;
      const multi = known?.multi ?? false;
      const parts: string[] = [];
      for (const operator of OPERATORS) {
        const values = field[operator];
        if (values === undefined || values.length === 0) {
          continue;
        }
        const negative = operator.startsWith('Not');
        const expr = multi ? 'value' : column;
        const anyMatch = values.map((v) => valueCondition(operator, v, expr)).join(' OR ');
        const test = multi
          ? `EXISTS (SELECT 1 FROM json_each(${column}) WHERE ${anyMatch})`
          : `(${anyMatch})`;
        // A missing field (NULL) matches no positive operator and every negative one.
        parts.push(negative ? `NOT COALESCE(${test}, FALSE)` : `COALESCE(${test}, FALSE)`);
      }
      return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
    });
    return ands.length === 0 ? 'TRUE' : `(${ands.join(' AND ')})`;
  });
  return `(${ors.join(' OR ')})`;
}

export function validateSelectors(raw: unknown): AdvancedEventSelector[] {
  if (raw === undefined || raw === null) {
    return DEFAULT_SELECTORS;
  }
  const fail = (message: string): SandboxServiceError =>
    new SandboxServiceError('InvalidEventSelectorsException', message);
  if (!Array.isArray(raw)) {
    throw fail('AdvancedEventSelectors must be a list.');
  }
  if (raw.length > 5) {
    throw fail('You can configure up to five advanced event selectors for each event data store.');
  }
  return raw.map((selector: unknown): AdvancedEventSelector => {
    const s = selector as { Name?: unknown; FieldSelectors?: unknown };
    if (!Array.isArray(s.FieldSelectors) || s.FieldSelectors.length === 0) {
      throw fail('Each advanced event selector needs at least one field selector.');
    }
    const fields = s.FieldSelectors.map((f: unknown): FieldSelector => {
      const field = f as Record<string, unknown>;
      if (typeof field.Field !== 'string' || field.Field === '') {
        throw fail('Each field selector needs a Field.');
      }
      const out: FieldSelector = { Field: field.Field };
      for (const operator of OPERATORS) {
        const values = field[operator];
        if (values === undefined || values === null) {
          continue;
        }
        if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
          throw fail(`${operator} of field ${field.Field} must be a non-empty list of strings.`);
        }
        if (EQUALS_ONLY.has(field.Field) && operator !== 'Equals') {
          throw fail(`Only Equals can be used with the ${field.Field} field.`);
        }
        out[operator] = values as string[];
      }
      return out;
    });
    return { ...(typeof s.Name === 'string' ? { Name: s.Name } : {}), FieldSelectors: fields };
  });
}

/** ListEventDataStores items have no BillingMode in the model; Get and Create carry it. */
