/**
 * A trail's event selectors: whether they log Feature Store record calls, and the selectors with
 * the FeatureGroup data-event selector added without dropping anything the trail logs today.
 * Basic and advanced selectors are exclusive (PutEventSelectors with advanced ones replaces the
 * basic), so basic selectors are first rewritten as their advanced equivalents.
 */
import type { CloudTrailPort } from '../../aws/ports.js';
import { FEATURE_GROUP_TYPE } from './layout.js';

type SelectorsOutput = Awaited<ReturnType<CloudTrailPort['getEventSelectors']>>;
export type AdvancedSelector = NonNullable<SelectorsOutput['AdvancedEventSelectors']>[number];
export type BasicSelector = NonNullable<SelectorsOutput['EventSelectors']>[number];
type FieldSelector = NonNullable<AdvancedSelector['FieldSelectors']>[number];

/** CloudTrail's documented selector for every Feature Store data event. */
export const FEATURE_GROUP_SELECTOR: AdvancedSelector = {
  Name: 'Log all events for SageMaker feature stores',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: [FEATURE_GROUP_TYPE] },
  ],
};

export const MANAGEMENT_SELECTOR: AdvancedSelector = {
  Name: 'Management events',
  FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
};

/** PutEventSelectors refuses more than 500 condition values across a trail's advanced selectors. */
export const MAX_SELECTOR_VALUES = 500;

function equals(field: FieldSelector | undefined, value: string): boolean {
  return (field?.Equals ?? []).some((v) => v.toLowerCase() === value.toLowerCase());
}

export type Coverage = 'all' | 'some' | 'none';

/**
 * Whether a selector set logs every Feature Store record call ('all'), only a filtered part
 * (a resources.ARN, eventName or readOnly condition narrows it: 'some'), or none.
 */
export function featureGroupCoverage(selectors: readonly AdvancedSelector[]): Coverage {
  let best: Coverage = 'none';
  for (const selector of selectors) {
    const fields = selector.FieldSelectors ?? [];
    const category = fields.find((f) => f.Field === 'eventCategory');
    const type = fields.find((f) => f.Field === 'resources.type');
    if (!equals(category, 'Data') || !equals(type, FEATURE_GROUP_TYPE)) {
      continue;
    }
    if (fields.every((f) => f.Field === 'eventCategory' || f.Field === 'resources.type')) {
      return 'all';
    }
    best = 'some';
  }
  return best;
}

/** Whether the selectors log management events (no selectors at all means the default: they do). */
export function logsManagementEvents(advanced: readonly AdvancedSelector[], basic: readonly BasicSelector[]) {
  if (advanced.length > 0) {
    return advanced.some((s) =>
      equals(
        s.FieldSelectors?.find((f) => f.Field === 'eventCategory'),
        'Management',
      ),
    );
  }
  return basic.length === 0 || basic.some((s) => s.IncludeManagementEvents !== false);
}

function readOnlyField(type: BasicSelector['ReadWriteType']): FieldSelector[] {
  if (type === 'ReadOnly') {
    return [{ Field: 'readOnly', Equals: ['true'] }];
  }
  if (type === 'WriteOnly') {
    return [{ Field: 'readOnly', Equals: ['false'] }];
  }
  return [];
}

/** `arn:aws:s3`, `arn:aws:s3:::`, `arn:aws:lambda`: a basic value that means "every resource of the type". */
function isTypeWide(value: string): boolean {
  return /^arn:aws[a-z-]*:[a-z0-9-]+(:::?)?$/.test(value);
}

/** Basic selectors rewritten as advanced selectors that log the same events. */
export function basicToAdvanced(basic: readonly BasicSelector[]): AdvancedSelector[] {
  const out: AdvancedSelector[] = [];
  basic.forEach((selector, i) => {
    const rw = readOnlyField(selector.ReadWriteType);
    if (selector.IncludeManagementEvents !== false) {
      const excluded = selector.ExcludeManagementEventSources ?? [];
      out.push({
        Name: `Management events (basic selector ${i + 1})`,
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          ...rw,
          ...(excluded.length > 0 ? [{ Field: 'eventSource', NotEquals: [...excluded] }] : []),
        ],
      });
    }
    for (const resource of selector.DataResources ?? []) {
      if (!resource.Type) {
        continue;
      }
      const values = resource.Values ?? [];
      const arns = values.some(isTypeWide) ? [] : values;
      out.push({
        Name: `${resource.Type} data events (basic selector ${i + 1})`,
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: [resource.Type] },
          ...rw,
          ...(arns.length > 0 ? [{ Field: 'resources.ARN', StartsWith: [...arns] }] : []),
        ],
      });
    }
  });
  return out;
}

export function selectorValueCount(selectors: readonly AdvancedSelector[]): number {
  let n = 0;
  for (const s of selectors) {
    for (const f of s.FieldSelectors ?? []) {
      n +=
        (f.Equals?.length ?? 0) +
        (f.NotEquals?.length ?? 0) +
        (f.StartsWith?.length ?? 0) +
        (f.NotStartsWith?.length ?? 0) +
        (f.EndsWith?.length ?? 0) +
        (f.NotEndsWith?.length ?? 0);
    }
  }
  return n;
}

/**
 * What the trail should log: everything it logs today plus every Feature Store data event.
 * Undefined when it already logs them all.
 */
export function withFeatureGroupSelector(
  advanced: readonly AdvancedSelector[],
  basic: readonly BasicSelector[],
): AdvancedSelector[] | undefined {
  if (featureGroupCoverage(advanced) === 'all') {
    return undefined;
  }
  // A trail without selectors logs all management events: keep that explicit.
  const current =
    advanced.length > 0 ? [...advanced] : basic.length > 0 ? basicToAdvanced(basic) : [MANAGEMENT_SELECTOR];
  return [...current, FEATURE_GROUP_SELECTOR];
}
