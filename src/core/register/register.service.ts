/**
 * Records of processing activities (GDPR Art. 30(1)): the controller block (a) and one record
 * per activity (b)-(g), prefilled from the consent purposes and the modules' data inventory,
 * then kept by the DPO. Every change is audited by field name in its transaction.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { actorId, requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { DataInventoryEntry, ModuleRegistries } from '../module.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { findPurposesWithNotices } from '../consent/index.ts';
import { findUsers } from '../auth/index.ts';
import { LEGAL_BASES } from '../consent/consent.tables.ts';
import { hasMessage, t } from '../../i18n/index.ts';
import { ACTIVITY_FIELDS, CONTROLLER_FIELDS } from './register.events.ts';
import { DATA_CATEGORIES, SUBJECT_CATEGORIES, type DataCategory, type RetentionRuleKey, type SubjectCategory } from './register.taxonomy.ts';
import { findEffectiveRules, formatPeriod, type EffectiveRule } from './retention.service.ts';
import * as repo from './register.repo.ts';

const text = (max: number) => z.string().trim().max(max);

export const ControllerSchema = z
  .object({
    controllerName: text(300).min(1),
    controllerContact: text(2000).min(1),
    jointControllers: text(2000),
    representative: text(2000),
    dpoName: text(300),
    dpoContact: text(2000),
  })
  .strict();
export type ControllerInput = z.infer<typeof ControllerSchema>;

const ActivityFields = {
  name: text(300).min(1),
  purposes: text(4000).min(1),
  legalBasis: z.enum(LEGAL_BASES).nullable(),
  dataUse: z.string().trim().regex(/^[a-z_]+(\.[a-z_]+)*$/).max(200).nullable(),
  subjectCategories: z.array(z.enum(SUBJECT_CATEGORIES)).max(SUBJECT_CATEGORIES.length),
  dataCategories: z.array(z.enum(DATA_CATEGORIES)).max(DATA_CATEGORIES.length),
  recipients: text(4000),
  transfers: text(4000),
  safeguards: text(4000),
  erasureLimits: text(4000),
  securityMeasures: text(4000),
};
export const CreateActivitySchema = z.object(ActivityFields).partial().required({ name: true, purposes: true }).strict();
export const UpdateActivitySchema = z
  .object({ ...ActivityFields, status: z.enum(['active', 'archived']) })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'empty' });
export type CreateActivityInput = z.infer<typeof CreateActivitySchema>;
export type UpdateActivityInput = z.infer<typeof UpdateActivitySchema>;

/** The controller block: the stored one, or what the organisation's public profile says. */
export async function getController(deps: Deps, db: Db, orgId: string): Promise<ControllerInput & { updatedAt: Date | null }> {
  const row = await repo.findController(db, orgId);
  if (row) return { ...pick(row, CONTROLLER_FIELDS), updatedAt: row.updatedAt };
  const org = await findOrganisationById(db, orgId);
  if (!org) throw notFound('organisation');
  const dpo = (await findUsers(db, orgId)).find((u) => u.status === 'active' && (u.roles as string[]).includes('dpo'));
  return {
    controllerName: org.legalName,
    controllerContact: [org.profile.postalAddress, org.profile.contactEmail, org.profile.contactPhone].filter(Boolean).join(' — '),
    jointControllers: '',
    representative: '',
    // Art. 30(1)(a): the DPO's name and contact; the organisation's DPO user until the DPO writes them.
    dpoName: dpo?.name ?? '',
    dpoContact: org.profile.dpoEmail ?? dpo?.email ?? '',
    updatedAt: null,
  };
}

function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
}

/** Fields whose value differs (arrays compared in order). */
function changedFields<K extends string>(before: Record<K, unknown>, after: Partial<Record<K, unknown>>, keys: readonly K[]): K[] {
  return keys.filter((k) => k in after && JSON.stringify(after[k]) !== JSON.stringify(before[k]));
}

export async function updateController(deps: Deps, ctx: RequestContext, input: ControllerInput) {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await getController(deps, tx, orgId);
    const fields = changedFields(before, input, CONTROLLER_FIELDS);
    await repo.upsertController(tx, { orgId, ...input, updatedBy: actorId(ctx.actor), updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'register_controller.updated', target: { type: 'register', id: orgId }, payload: { fields } });
    return getController(deps, tx, orgId);
  });
}

export async function findActivities(deps: Deps, ctx: RequestContext): Promise<repo.ActivityRow[]> {
  return repo.findActivities(deps.db, requireOrg(ctx));
}

export async function getActivity(deps: Deps, ctx: RequestContext, id: string): Promise<repo.ActivityRow> {
  const row = await repo.findActivity(deps.db, requireOrg(ctx), id);
  if (!row) throw notFound('processing_activity');
  return row;
}

export async function createActivity(deps: Deps, ctx: RequestContext, input: CreateActivityInput): Promise<repo.ActivityRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const id = randomUUID();
    const row = await repo.insertActivityIfMissing(tx, { ...input, id, orgId, key: `manual:${id}`, origin: 'manual', updatedBy: actorId(ctx.actor), createdAt: deps.clock.now(), updatedAt: deps.clock.now() });
    if (!row) throw new Error('a fresh activity key already exists');
    await deps.audit.record(tx, ctx, { type: 'register_activity.created', target: { type: 'processing_activity', id }, payload: { activityId: id } });
    return row;
  });
}

export async function updateActivity(deps: Deps, ctx: RequestContext, id: string, input: UpdateActivityInput): Promise<repo.ActivityRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const before = await repo.findActivity(tx, orgId, id, true);
    if (!before) throw notFound('processing_activity');
    const fields = changedFields(before, input, ACTIVITY_FIELDS);
    if (fields.length === 0) return before;
    const row = await repo.updateActivity(tx, orgId, id, { ...input, updatedBy: actorId(ctx.actor), updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'register_activity.updated', target: { type: 'processing_activity', id }, payload: { activityId: id, fields } });
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// Prefill: from the consent purposes and from the data inventory of the modules.
// ---------------------------------------------------------------------------------------------

/** Contact channels of a purpose -> the contact data it uses. */
const CHANNEL_DATA: Record<string, DataCategory> = { email: 'user.contact.email', sms: 'user.contact.phone_number', phone: 'user.contact.phone_number', post: 'user.contact.address' };

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/** "Réclamations clôturées : 5 ans — clôture (C. civ. art. 2224)", one line per rule. */
function erasureText(locale: Locale, rules: readonly EffectiveRule[], keys: readonly RetentionRuleKey[]): string {
  return unique([...keys])
    .map((key) => rules.find((r) => r.rule === key))
    .filter((r): r is EffectiveRule => Boolean(r))
    .map((r) => t(locale, 'register.prefill.erasureLine', { rule: t(locale, `register.rule.${r.rule}.label`), period: formatPeriod(locale, r.period), anchor: t(locale, `register.rule.${r.rule}.anchor`), source: t(locale, `register.rule.${r.rule}.source`) }))
    .join('\n');
}

/** The activity a module's inventory describes, in the organisation's language. */
function moduleActivity(locale: Locale, module: string, inventory: readonly DataInventoryEntry[], rules: readonly EffectiveRule[]): Omit<repo.ActivityInsert, 'orgId' | 'id'> | null {
  if (inventory.length === 0) return null;
  const k = (field: string) => `register.prefill.module.${module}.${field}`;
  const has = hasMessage(k('name'));
  return {
    key: `module:${module}`,
    origin: 'module',
    name: has ? t(locale, k('name')) : module,
    purposes: has ? t(locale, k('purposes')) : module,
    legalBasis: has ? (LEGAL_BASES.find((b) => b === t(locale, k('legalBasis'))) ?? null) : null,
    dataUse: null,
    subjectCategories: unique(inventory.flatMap((e) => [...e.subjects])),
    dataCategories: unique(inventory.flatMap((e) => [...e.categories])),
    recipients: has ? t(locale, k('recipients')) : t(locale, 'register.prefill.recipients'),
    transfers: t(locale, 'register.prefill.transfers'),
    safeguards: '',
    erasureLimits: erasureText(locale, rules, inventory.map((e) => e.retention)),
    securityMeasures: t(locale, 'register.prefill.security'),
  };
}

/**
 * Adds the activities the register is missing: one per consent purpose, one per module with a
 * data inventory. Existing activities, edited or not, are never overwritten.
 */
export async function prefillRegister(deps: Deps, ctx: RequestContext, registries: ModuleRegistries = deps.registries): Promise<repo.ActivityRow[]> {
  const orgId = requireOrg(ctx);
  const org = await findOrganisationById(deps.db, orgId);
  if (!org) throw notFound('organisation');
  const locale: Locale = org.defaultLocale === 'en' ? 'en' : 'fr';
  const rules = await findEffectiveRules(deps, orgId, registries);
  const inventories = new Map<string, DataInventoryEntry[]>();
  for (const { module, handler } of registries.inventory) inventories.set(module, [...(inventories.get(module) ?? []), handler]);
  const consentTables = inventories.get('consent') ?? [];
  const drafts: Omit<repo.ActivityInsert, 'orgId' | 'id'>[] = [];
  for (const { purpose, notices } of await findPurposesWithNotices(deps, orgId)) {
    if (purpose.status !== 'active') continue;
    const notice = notices.find((n) => n.version === purpose.currentVersion) ?? notices.at(-1);
    const title = notice ? (locale === 'en' ? notice.titleEn : notice.titleFr) : purpose.key;
    // Art. 30(1)(b): the purpose in words, as the people were told it in the notice they read.
    const words = notice ? (locale === 'en' ? notice.textEn : notice.textFr).trim().slice(0, 4000) : title;
    drafts.push({
      key: `purpose:${purpose.key}`,
      origin: 'purpose',
      name: title,
      purposes: words || title,
      legalBasis: purpose.legalBasis,
      dataUse: purpose.dataUse,
      subjectCategories: ['customers', 'prospects'] satisfies SubjectCategory[],
      dataCategories: unique<DataCategory>(['user.name', ...purpose.channels.map((c) => CHANNEL_DATA[c]).filter((c): c is DataCategory => Boolean(c)), 'user.privacy_preferences']),
      recipients: t(locale, 'register.prefill.recipients'),
      transfers: t(locale, 'register.prefill.transfers'),
      safeguards: '',
      erasureLimits: erasureText(locale, rules, ['customer.inactive', ...consentTables.map((e) => e.retention)]),
      securityMeasures: t(locale, 'register.prefill.security'),
    });
  }
  for (const [module, entries] of inventories) {
    const draft = moduleActivity(locale, module, entries, rules);
    if (draft) drafts.push(draft);
  }
  return deps.db.transaction(async (tx) => {
    const created: repo.ActivityRow[] = [];
    const now = deps.clock.now();
    for (const draft of drafts) {
      const row = await repo.insertActivityIfMissing(tx, { ...draft, orgId, updatedBy: actorId(ctx.actor), createdAt: now, updatedAt: now });
      if (row) created.push(row);
    }
    if (created.length > 0) {
      await deps.audit.record(tx, ctx, { type: 'register.prefilled', target: { type: 'register', id: orgId }, payload: { created: created.length, activityIds: created.map((a) => a.id) } });
    }
    return created;
  });
}

/** Everything the exports need: controller, activities (archived ones left out) and the organisation's name. */
export async function getRegister(deps: Deps, ctx: RequestContext) {
  const orgId = requireOrg(ctx);
  const org = await findOrganisationById(deps.db, orgId);
  if (!org) throw notFound('organisation');
  const [controller, activities] = await Promise.all([getController(deps, deps.db, orgId), repo.findActivities(deps.db, orgId)]);
  return { org, controller, activities };
}
