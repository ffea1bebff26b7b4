/** The daily run of the continuous controls (plus `confiance controls run` and the back office's "run now"). */
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { defineJob, type CronDefinition } from '../../worker/jobs.ts';
import { CONTROLS_JOB, runControls } from './audits.run.ts';

/** Once a day: the controls judge days (deadlines, due days), so a daily look finds a cause the day it appears. */
export const controlsCron: CronDefinition = { name: CONTROLS_JOB, intervalMs: 24 * 3_600_000, jobType: CONTROLS_JOB };

export const controlsJob = defineJob({
  type: CONTROLS_JOB,
  schema: z.object({}).passthrough(),
  // A run twice changes nothing the first did not (audits.run.ts), so a retry is safe.
  async handler(deps: Deps) {
    await runControls(deps);
  },
});
