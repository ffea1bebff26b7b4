import { z } from 'zod';

const day = z.iso.date();

/** A period of local days; both ends optional (the last 30 days by default). */
export const PeriodQuery = z
  .object({
    from: day.optional(),
    to: day.optional(),
  })
  .strict();
export type PeriodQueryInput = z.infer<typeof PeriodQuery>;

export const KeyParams = z
  .object({
    key: z
      .string()
      .regex(/^[a-z_]+(\.[a-z0-9_]+)+$/)
      .max(100),
  })
  .strict();

export const DrillQuery = PeriodQuery.extend({
  /** One breakdown value, or the whole figure when absent. */
  dimension: z.string().trim().min(1).max(100).optional(),
}).strict();
export type DrillQueryInput = z.infer<typeof DrillQuery>;

const Target = z.object({ value: z.number(), direction: z.enum(['higher', 'lower']) });
const Period = z.object({ from: z.string(), to: z.string() });

/** Where a KPI stands over the period. */
export const KPI_STATUSES = ['on_target', 'off_target', 'no_target', 'no_data', 'no_source'] as const;

export const KpiSummaryDtoSchema = z.object({
  key: z.string(),
  module: z.string(),
  name: z.string(),
  unit: z.enum(['count', 'percent', 'hours', 'days', 'score', 'per_1000']),
  owner: z.string(),
  /** The target the period is judged against. */
  target: Target.nullable(),
  /** Where it comes from: an objective the organisation set for the period, or the catalogue's default. */
  targetFrom: z.enum(['objective', 'catalogue']).nullable(),
  status: z.enum(KPI_STATUSES),
  /** The period's value; null when there is nothing to compute it from ("no data"). */
  value: z.number().nullable(),
  /** The same length of time just before, for comparison. */
  previous: z.number().nullable(),
  trend: z.array(z.object({ bucket: z.string(), value: z.number().nullable() })),
  abilities: z.object({ drill: z.boolean() }),
});
export type KpiSummaryDto = z.infer<typeof KpiSummaryDtoSchema>;

export const KpiListDtoSchema = z.object({
  period: Period,
  previousPeriod: Period,
  granularity: z.enum(['day', 'week', 'month']),
  /** When the stored values were last brought up to date; null before the first refresh. */
  refreshedAt: z.string().nullable(),
  items: z.array(KpiSummaryDtoSchema),
});
export type KpiListDto = z.infer<typeof KpiListDtoSchema>;

export const KpiDetailDtoSchema = KpiListDtoSchema.omit({ items: true }).extend({
  kpi: KpiSummaryDtoSchema.extend({
    formula: z.string(),
    records: z.array(z.string()),
    /** The same source records named for people ("Réclamations", not `complaints`), in the order of `records`. */
    sources: z.array(z.object({ table: z.string(), label: z.string() })),
    aggregation: z.enum(['sum', 'ratio', 'quantile']),
    breakdownLabel: z.string().nullable(),
    /** The permission that opens the records behind the figure (null: none to open). */
    drillPermission: z.string().nullable(),
    breakdown: z.array(z.object({ dimension: z.string(), label: z.string(), value: z.number().nullable(), previous: z.number().nullable() })),
  }),
});
export type KpiDetailDto = z.infer<typeof KpiDetailDtoSchema>;

export const KpiRecordsDtoSchema = z.object({
  period: Period,
  dimension: z.string().nullable(),
  /** At most this many records are listed, newest first. */
  limit: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      at: z.string(),
      facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      /** The coded facts named in the request's language (`category: "Facturation"` for `billing`). */
      labels: z.record(z.string(), z.string()),
      path: z.string().nullable(),
    }),
  ),
});
export type KpiRecordsDto = z.infer<typeof KpiRecordsDtoSchema>;

/** An objective: the target of a KPI over local days `from`..`to`. */
export const ObjectiveSchema = z
  .object({
    from: day,
    to: day,
    value: z.number().finite().min(-1e12).max(1e12),
    direction: z.enum(['higher', 'lower']),
  })
  .strict();
export type ObjectiveInput = z.infer<typeof ObjectiveSchema>;

export const ObjectiveParams = KeyParams.extend({ id: z.uuid() }).strict();

export const ObjectiveDtoSchema = z.object({
  id: z.string(),
  kpi: z.string(),
  from: z.string(),
  to: z.string(),
  value: z.number(),
  direction: z.enum(['higher', 'lower']),
  setAt: z.string(),
});
export type ObjectiveDto = z.infer<typeof ObjectiveDtoSchema>;

export const ObjectiveListDtoSchema = z.object({
  items: z.array(ObjectiveDtoSchema),
  abilities: z.object({ manage: z.boolean() }),
});
export type ObjectiveListDto = z.infer<typeof ObjectiveListDtoSchema>;
