import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

export interface HomeSectionView {
  id: string;
  module: string;
  data: Record<string, unknown>;
}

/**
 * The sections of the viewer's home: those contributed for one of their roles whose permission
 * they hold, each loaded for their organisation only. An API token has no home.
 */
export async function homeFor(deps: Deps, ctx: RequestContext): Promise<HomeSectionView[]> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') return [];
  const visible = deps.registries.home
    .filter(({ handler }) => handler.roles.some((role) => actor.roles.includes(role)) && actor.permissions.has(handler.permission))
    .sort((a, b) => a.handler.order - b.handler.order);
  const viewer = { orgId: actor.orgId, userId: actor.id, now: deps.clock.now(), locale: ctx.locale };
  // One after the other: on PGlite queries queue anyway, and a pool is not starved by one page.
  const sections: HomeSectionView[] = [];
  for (const { module, handler } of visible) sections.push({ id: handler.id, module, data: await handler.load(deps, viewer) });
  return sections;
}
