/**
 * SageMaker Search's SearchExpression over feature group (or feature metadata) documents:
 * Filters, NestedFilters and SubExpressions combined with And (default) or Or.
 */
import type { SandboxServiceError } from '../types.js';
import { isObject as isRecord } from '../wire/params.js';

const OPERATORS = new Set([
  'Equals',
  'NotEquals',
  'GreaterThan',
  'GreaterThanOrEqualTo',
  'LessThan',
  'LessThanOrEqualTo',
  'Contains',
  'Exists',
  'NotExists',
  'In',
]);
const MAX_FILTERS = 50;

type Invalid = (message: string) => SandboxServiceError;

/** Key/Value lists (Tags, Parameters) are addressed as `Tags.<key>`. */
const KEY_VALUE_LISTS = new Set(['Tags', 'Parameters']);

/** The value(s) at a dotted property path; arrays fan out, so the result may be a list. */
export function searchableValue(document: Record<string, unknown>, path: string): unknown {
  const [head = '', ...rest] = path.split('.');
  const value = document[head];
  if (KEY_VALUE_LISTS.has(head) && rest.length > 0 && Array.isArray(value)) {
    const key = rest.join('.');
    const entry = value.find((e) => isRecord(e) && e.Key === key);
    return isRecord(entry) ? entry.Value : undefined;
  }
  if (rest.length === 0) {
    return value;
  }
  if (Array.isArray(value)) {
    const values = value.flatMap((element) => {
      const v = isRecord(element) ? searchableValue(element, rest.join('.')) : undefined;
      return v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v];
    });
    return values.length === 0 ? undefined : values;
  }
  return isRecord(value) ? searchableValue(value, rest.join('.')) : undefined;
}

function asComparable(value: unknown): number | string {
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'number') {
    return value;
  }
  return String(value);
}

function filterValueAs(sample: unknown, text: string): number | string {
  if (sample instanceof Date) {
    const asNumber = Number(text);
    return Number.isFinite(asNumber) && text.trim() !== '' ? asNumber * 1000 : Date.parse(text);
  }
  if (typeof sample === 'number') {
    return Number(text);
  }
  return text;
}

function matchesOne(sample: unknown, operator: string, text: string): boolean {
  const left = asComparable(sample);
  const right = filterValueAs(sample, text);
  switch (operator) {
    case 'Equals':
      return left === right;
    case 'NotEquals':
      return left !== right;
    case 'Contains':
      return String(left).toLowerCase().includes(text.toLowerCase());
    case 'GreaterThan':
      return left > right;
    case 'GreaterThanOrEqualTo':
      return left >= right;
    case 'LessThan':
      return left < right;
    case 'LessThanOrEqualTo':
      return left <= right;
    case 'In':
      return text
        .split(',')
        .map((t) => filterValueAs(sample, t.trim()))
        .includes(left);
    default:
      return false;
  }
}

function matchesFilter(document: Record<string, unknown>, filter: unknown, invalid: Invalid): boolean {
  if (!isRecord(filter) || typeof filter.Name !== 'string' || filter.Name === '') {
    throw invalid(
      "1 validation error detected: Value null at 'searchExpression.filters.member.name' failed to satisfy constraint: Member must not be null",
    );
  }
  const operator = filter.Operator ?? 'Equals';
  if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
    throw invalid(
      `1 validation error detected: Value '${String(operator)}' at 'searchExpression.filters.member.operator' failed to satisfy constraint: Member must satisfy enum value set: [${[...OPERATORS].join(', ')}]`,
    );
  }
  const value = searchableValue(document, filter.Name);
  if (operator === 'Exists') {
    return value !== undefined;
  }
  if (operator === 'NotExists') {
    return value === undefined;
  }
  if (typeof filter.Value !== 'string') {
    throw invalid(`Filter on '${filter.Name}' with operator ${operator} needs a Value.`);
  }
  const text = filter.Value;
  if (value === undefined) {
    return operator === 'NotEquals';
  }
  const samples = Array.isArray(value) ? (value as unknown[]) : [value];
  return operator === 'NotEquals'
    ? samples.every((sample) => matchesOne(sample, operator, text))
    : samples.some((sample) => matchesOne(sample, operator, text));
}

function countFilters(expression: Record<string, unknown>): number {
  const filters = Array.isArray(expression.Filters) ? expression.Filters.length : 0;
  const nested = Array.isArray(expression.NestedFilters) ? expression.NestedFilters.length : 0;
  const subs = Array.isArray(expression.SubExpressions)
    ? expression.SubExpressions.reduce<number>((n, s) => n + (isRecord(s) ? countFilters(s) : 0), 0)
    : 0;
  return filters + nested + subs;
}

export function matchesSearchExpression(
  document: Record<string, unknown>,
  expression: Record<string, unknown>,
  invalid: Invalid,
): boolean {
  if (countFilters(expression) > MAX_FILTERS) {
    throw invalid(`A SearchExpression can contain at most ${MAX_FILTERS} filters in total.`);
  }
  return evaluate(document, expression, invalid);
}

function evaluate(
  document: Record<string, unknown>,
  expression: Record<string, unknown>,
  invalid: Invalid,
): boolean {
  const operator = expression.Operator ?? 'And';
  if (operator !== 'And' && operator !== 'Or') {
    throw invalid(
      `1 validation error detected: Value '${String(operator)}' at 'searchExpression.operator' failed to satisfy constraint: Member must satisfy enum value set: [And, Or]`,
    );
  }
  const results: boolean[] = [];
  for (const filter of Array.isArray(expression.Filters) ? expression.Filters : []) {
    results.push(matchesFilter(document, filter, invalid));
  }
  for (const nested of Array.isArray(expression.NestedFilters) ? expression.NestedFilters : []) {
    results.push(matchesNested(document, nested, invalid));
  }
  for (const sub of Array.isArray(expression.SubExpressions) ? expression.SubExpressions : []) {
    if (!isRecord(sub)) {
      throw invalid('Each SubExpression must be a SearchExpression object.');
    }
    results.push(evaluate(document, sub, invalid));
  }
  if (results.length === 0) {
    return true;
  }
  return operator === 'And' ? results.every(Boolean) : results.some(Boolean);
}

/** NestedFilters: one element of the nested list must satisfy every filter at once. */
function matchesNested(document: Record<string, unknown>, nested: unknown, invalid: Invalid): boolean {
  if (!isRecord(nested) || typeof nested.NestedPropertyName !== 'string' || !Array.isArray(nested.Filters)) {
    throw invalid('NestedFilters need NestedPropertyName and Filters.');
  }
  const property = nested.NestedPropertyName;
  const list = document[property];
  if (!Array.isArray(list)) {
    return false;
  }
  const filters = nested.Filters;
  return list.some((element) => {
    if (!isRecord(element)) {
      return false;
    }
    const wrapped = { [property]: [element] };
    return filters.every((filter) => matchesFilter(wrapped, filter, invalid));
  });
}
