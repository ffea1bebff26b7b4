import { z } from 'zod';
import { SECTION_IDS } from './reporting.figures.ts';

const period = z.string().regex(/^\d{4}$/);

export const CsrQuery = z.object({ period }).strict();
export const CsrExportQuery = z.object({ period, format: z.enum(['html', 'pdf', 'json']) }).strict();

/** The ethics officer's text of one section (or the introduction), period and language; empty removes it. */
export const NarrativeSchema = z
  .object({ period, section: z.enum([...SECTION_IDS, 'introduction']), locale: z.enum(['fr', 'en']), body: z.string().max(20_000) })
  .strict();
export type NarrativeInput = z.infer<typeof NarrativeSchema>;

const amount = z.object({ currency: z.string(), cents: z.number().int() });
const figureValue = z.union([z.number(), z.array(amount)]).nullable();

export const CsrFigureDtoSchema = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  value: figureValue,
  previous: figureValue,
  /** The figure as printed ("no data yet" when null). */
  text: z.string(),
  previousText: z.string(),
  kpiKey: z.string().nullable(),
  definitionPath: z.string().nullable(),
  recordsPath: z.string().nullable(),
  mapping: z.object({ framework: z.enum(['GRI', 'ESRS']), id: z.string(), disclosure: z.string().nullable(), status: z.enum(['checked', 'verify']) }),
});

export const CsrReportDtoSchema = z.object({
  schema: z.literal('confiance.csr-report/1'),
  mappingVersion: z.string(),
  organisation: z.object({ name: z.string(), slug: z.string() }),
  locale: z.enum(['fr', 'en']),
  period: z.string(),
  range: z.object({ from: z.string(), to: z.string() }),
  previousRange: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  refreshedAt: z.string().nullable(),
  introduction: z.object({ fr: z.string(), en: z.string() }),
  sections: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      scope: z.string(),
      narrative: z.object({ fr: z.string().nullable(), en: z.string().nullable() }),
      figures: z.array(CsrFigureDtoSchema),
    }),
  ),
  targets: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      unit: z.string(),
      direction: z.enum(['higher', 'lower']),
      target: z.number(),
      value: z.number().nullable(),
      met: z.boolean().nullable(),
    }),
  ),
  charts: z.object({ complaintsByMonth: z.array(z.object({ month: z.string(), value: z.number().nullable(), previous: z.number().nullable() })) }),
  abilities: z.object({ editNarrative: z.boolean() }),
});
export type CsrReportDto = z.infer<typeof CsrReportDtoSchema>;
