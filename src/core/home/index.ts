import { z } from 'zod';
import { defineRoute } from '../../api/route.ts';
import type { ModuleManifest } from '../module.ts';
import { homeFor } from './home.service.ts';

const HomeDtoSchema = z.object({
  sections: z.array(z.object({ id: z.string(), module: z.string(), data: z.record(z.string(), z.unknown()) })),
});

/** The home page after login: each role's work and figures, contributed by the modules (manifest `home`). */
export const homeModule: ModuleManifest = {
  name: 'home',
  permissions: [],
  auditEvents: {},
  routes: (deps) => [
    defineRoute({
      method: 'GET',
      url: '/api/home',
      access: 'authenticated',
      summary: "The signed-in user's home: the sections of their roles they may see, with their figures",
      tags: ['home'],
      schema: { response: { 200: HomeDtoSchema } },
      handler: async ({ ctx }) => ({ sections: await homeFor(deps, ctx) }),
    }),
  ],
};

export { countByWeek, lastWeeks } from './home.weeks.ts';
