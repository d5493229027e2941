/**
 * A feature group's schema as the record codecs need it, built from DescribeFeatureGroup output.
 * Pure: no I/O here; src/records/load-schema.ts fetches it.
 */
export type FeatureType = 'Integral' | 'Fractional' | 'String';
export type CollectionType = 'List' | 'Set' | 'Vector';

export interface FeatureDef {
  name: string;
  type: FeatureType;
  collection?: CollectionType;
  /** Vector collections only: the exact number of elements. */
  dimension?: number;
}

export interface RecordSchema {
  featureGroupName: string;
  featureGroupArn: string;
  recordIdentifier: string;
  eventTime: string;
  features: FeatureDef[];
}

/** The subset of DescribeFeatureGroup's FeatureDefinition that the codec reads. */
export interface RawFeatureDefinition {
  FeatureName?: string | undefined;
  FeatureType?: string | undefined;
  CollectionType?: string | undefined;
  CollectionConfig?: { VectorConfig?: { Dimension?: number | undefined } | undefined } | undefined;
}

const FEATURE_TYPES = new Set<string>(['Integral', 'Fractional', 'String']);
const COLLECTION_TYPES = new Set<string>(['List', 'Set', 'Vector']);

export function schemaFromDescription(input: {
  FeatureGroupName?: string | undefined;
  FeatureGroupArn?: string | undefined;
  RecordIdentifierFeatureName?: string | undefined;
  EventTimeFeatureName?: string | undefined;
  FeatureDefinitions?: RawFeatureDefinition[] | undefined;
}): RecordSchema {
  const features: FeatureDef[] = [];
  for (const raw of input.FeatureDefinitions ?? []) {
    if (!raw.FeatureName) {
      continue;
    }
    // An unknown future type is treated as String so values still round-trip unchanged.
    const type = FEATURE_TYPES.has(raw.FeatureType ?? '') ? (raw.FeatureType as FeatureType) : 'String';
    const def: FeatureDef = { name: raw.FeatureName, type };
    if (raw.CollectionType && COLLECTION_TYPES.has(raw.CollectionType)) {
      def.collection = raw.CollectionType as CollectionType;
      const dimension = raw.CollectionConfig?.VectorConfig?.Dimension;
      if (def.collection === 'Vector' && dimension !== undefined) {
        def.dimension = dimension;
      }
    }
    features.push(def);
  }
  return {
    featureGroupName: input.FeatureGroupName ?? '',
    featureGroupArn: input.FeatureGroupArn ?? '',
    recordIdentifier: input.RecordIdentifierFeatureName ?? '',
    eventTime: input.EventTimeFeatureName ?? '',
    features,
  };
}

const byNameCache = new WeakMap<RecordSchema, Map<string, FeatureDef>>();

/** The schema's features by name; built once per schema object (the codec asks for every row). */
export function featureByName(schema: RecordSchema): Map<string, FeatureDef> {
  let map = byNameCache.get(schema);
  if (!map) {
    map = new Map(schema.features.map((f) => [f.name, f]));
    byNameCache.set(schema, map);
  }
  return map;
}

/** `Integral`, `Fractional`, `String`, or e.g. `List<String>`, `Vector<Fractional>[3]`. */
export function describeFeatureType(def: FeatureDef): string {
  if (!def.collection) {
    return def.type;
  }
  const dim = def.dimension !== undefined ? `[${def.dimension}]` : '';
  return `${def.collection}<${def.type}>${dim}`;
}
