/**
 * Demo data in French: one organisation, one account per role, two consent purposes, three
 * complaints (filed as by agents, so each customer gets a dedicated advisor) and a consent. Runs only on an empty
 * database, so a restart never duplicates or overwrites real data.
 */
import type { Deps } from '../../core/deps.ts';
import { systemContext } from '../../core/context.ts';
import { createOrganisation } from '../../core/organisations/index.ts';
import { findDefaultOrganisation } from '../../core/organisations/index.ts';
import { hashPassword } from '../../core/auth/index.ts';
import { insertUser } from '../../core/auth/index.ts';
import type { Role } from '../../core/auth/index.ts';
import { fileComplaint } from '../../core/complaints/index.ts';
import { createPurpose, recordConsent } from '../../core/consent/index.ts';
import { complaints as complaintsTable } from '../../core/complaints/complaints.tables.ts';
import { advisors } from '../../core/advisors/advisors.tables.ts';
import { users } from '../../core/auth/auth.tables.ts';
import { dsrRequests } from '../../core/dsr/dsr.tables.ts';
import { complaintEvents } from '../../core/complaints/complaints.tables.ts';
import { createCampaign, recordAttempt, scrubCampaign } from '../../core/contact/index.ts';
import { rebuildOrganisation } from '../../core/kpi/index.ts';
import { and, eq } from 'drizzle-orm';
import { addVersion, createOffer, offersSchemas } from '../../core/offers/index.ts';
import { submitForApproval } from '../../core/messages/index.ts';
import { createContract, contractsSchemas, orgToday } from '../../core/contracts/index.ts';
import { changeCampaignsSchemas, createChangeCampaign } from '../../core/change-campaigns/index.ts';
import { addDays, addMonths } from '../../rules/index.ts';
import { findUsers, isRole, permissionsForRoles } from '../../core/auth/index.ts';
import { addRegulatoryEvidence, recordRegulatoryEvent } from '../../core/regulatory/index.ts';
import { addAction, addAuditEvidence, answerItem, createAudit, raiseAuditFinding } from '../../core/audits/index.ts';

/** Shared by every demo account; printed at start-up. Change it before any real use. */
export const DEMO_PASSWORD = 'confiance-demo-2026';

export const DEMO_USERS: { email: string; name: string; roles: Role[]; locale: 'fr' | 'en' }[] = [
  { email: 'admin@lumiere.example', name: 'Camille Martin', roles: ['admin'], locale: 'fr' },
  { email: 'agent@lumiere.example', name: 'Inès Benali', roles: ['agent'], locale: 'fr' },
  { email: 'agent2@lumiere.example', name: 'Lucas Moreau', roles: ['agent'], locale: 'fr' },
  { email: 'superviseur@lumiere.example', name: 'Thomas Girard', roles: ['supervisor'], locale: 'fr' },
  { email: 'dpo@lumiere.example', name: 'Aïcha Diallo', roles: ['dpo'], locale: 'fr' },
  { email: 'ethique@lumiere.example', name: 'Julien Lefèvre', roles: ['ethics_officer'], locale: 'fr' },
  { email: 'auditeur@lumiere.example', name: 'Sarah Cohen', roles: ['auditor'], locale: 'en' },
];

export const DEMO_ORG_SLUG = 'lumiere';

/** Seeds the demo organisation when the database has none; returns whether it seeded. */
export async function seedDemo(deps: Deps): Promise<boolean> {
  if (await findDefaultOrganisation(deps.db)) return false;
  await seedOrganisationAndUsers(deps);
  const org = await findDefaultOrganisation(deps.db);
  if (org) {
    await seedActivity(deps, org.id);
    // The dashboard's first figures at once, not after the refresh job's first run.
    await rebuildOrganisation(deps, org);
  }
  return true;
}

/**
 * A few purposes, consents and complaints, filed through the same services as real ones. Also
 * used by the security tests to give a test organisation records in every module.
 */
export async function seedActivity(deps: Deps, orgId: string): Promise<void> {
  const ctx = systemContext(orgId, 'seed');
  await createPurpose(deps, ctx, {
    key: 'newsletter',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email'],
    notice: {
      titleFr: 'Lettre d’information',
      titleEn: 'Newsletter',
      textFr:
        'Une lettre par mois sur nos offres et nos conseils d’économie d’énergie. Vous pouvez vous désinscrire à tout moment, en un clic.',
      textEn: 'One letter a month about our offers and energy-saving tips. You can unsubscribe at any time, in one click.',
    },
  });
  await createPurpose(deps, ctx, {
    key: 'offers-phone',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.telephone',
    channels: ['phone', 'sms'],
    gpcApplies: true,
    notice: {
      titleFr: 'Offres par téléphone et SMS',
      titleEn: 'Offers by phone and text message',
      textFr:
        'Nous pouvons vous appeler ou vous écrire par SMS au sujet d’offres liées à votre contrat, du lundi au vendredi, de 10 h à 13 h et de 14 h à 20 h.',
      textEn: 'We may call you or text you about offers related to your contract, Monday to Friday, 10:00–13:00 and 14:00–20:00.',
    },
  });
  const complaints = [
    {
      email: 'jeanne.roux@example.fr',
      name: 'Jeanne Roux',
      phone: '06 12 34 56 78',
      category: 'billing',
      channel: 'phone',
      description: 'Ma facture de janvier compte deux fois l’abonnement. J’ai appelé deux fois sans réponse.',
      remedySought: 'Le remboursement du double prélèvement.',
    },
    {
      email: 'marc.petit@example.fr',
      name: 'Marc Petit',
      category: 'sales_practice',
      channel: 'letter',
      description: 'Un vendeur au téléphone a insisté pendant vingt minutes pour me faire changer d’offre, alors que j’avais dit non.',
      remedySought: 'Ne plus être démarché et une explication.',
    },
    {
      email: 'amina.kone@example.fr',
      name: 'Amina Koné',
      category: 'service_quality',
      channel: 'shop',
      description: 'Le technicien n’est pas venu au rendez-vous du 12 et personne ne m’a prévenue.',
      remedySought: 'Un nouveau rendez-vous rapide et un geste commercial.',
    },
  ] as const;
  const customerIds: string[] = [];
  for (const c of complaints) {
    const { complaint } = await fileComplaint(
      deps,
      ctx,
      {
        customer: { email: c.email, name: c.name, ...('phone' in c ? { phone: c.phone } : {}), locale: 'fr' },
        channel: c.channel,
        category: c.category,
        description: c.description,
        remedySought: c.remedySought,
        language: 'fr',
      },
      'agent',
    );
    customerIds.push(complaint.customerId);
    if (c.category === 'billing') {
      await recordConsent(deps, ctx, {
        customerId: complaint.customerId,
        purpose: 'newsletter',
        channel: 'email',
        kind: 'given',
        method: 'phone_recorded',
        source: 'appel du service client (enregistrement conservé)',
      });
    }
  }
  await seedHomeFigures(deps, orgId);
  const offers = await seedOffers(deps, orgId);
  await seedContracts(deps, orgId, customerIds, offers);
  await seedChangeCampaign(deps, orgId, offers.electricity);
  await seedMessageApproval(deps, orgId);
  await seedRegulatoryEvents(deps, orgId);
  await seedEthicsAudit(deps, orgId);
}

/**
 * A GDPR audit in progress, run by the ethics officer: two items answered (one non-compliant, the
 * request deadline the CNIL complaint above is about), its evidence file, the finding raised from
 * it and a remediation action owned by the DPO. Skipped in an organisation without an active user
 * to conduct it.
 */
async function seedEthicsAudit(deps: Deps, orgId: string): Promise<void> {
  const active = (await findUsers(deps.db, orgId)).filter((u) => u.status === 'active');
  const officer = active.find((u) => u.roles.includes('ethics_officer')) ?? active[0];
  if (!officer) return;
  const owner = active.find((u) => u.roles.includes('dpo')) ?? officer;
  const roles = officer.roles.filter(isRole);
  const ctx = { ...systemContext(orgId, 'seed'), actor: { kind: 'user' as const, id: officer.id, orgId, roles, permissions: permissionsForRoles(roles), sessionId: '' } };
  const audit = await createAudit(deps, ctx, {
    templateKey: 'gdpr',
    scope: 'Siège de Lyon : registre des traitements, consentements de prospection et demandes des personnes.',
    auditorId: officer.id,
  });
  await answerItem(deps, ctx, audit.id, {
    itemKey: 'principles.lawful_basis',
    answer: 'compliant',
    comment: 'Chaque finalité du registre a sa base légale, revue en janvier.',
  });
  await answerItem(deps, ctx, audit.id, {
    itemKey: 'rights.request_deadline',
    answer: 'non_compliant',
    comment: 'Une demande d’effacement est restée sans réponse au-delà d’un mois (plainte transmise par la CNIL).',
  });
  await addAuditEvidence(deps, ctx, audit.id, 'rights.request_deadline', [
    { filename: 'historique-demandes.txt', data: Buffer.from('Historique des demandes des personnes (copie de démonstration).\n', 'utf8'), truncated: false },
  ]);
  const finding = await raiseAuditFinding(deps, ctx, audit.id, {
    itemKey: 'rights.request_deadline',
    severity: 'high',
    observation: 'Les échéances des demandes ne sont suivies nulle part : une demande d’effacement a dépassé le délai d’un mois.',
    recommendation: 'Suivre chaque demande dans l’outil avec son échéance et une alerte une semaine avant.',
  });
  await addAction(deps, ctx, finding.id, {
    title: 'Mettre en place le suivi des échéances des demandes des personnes',
    ownerId: owner.id,
    dueOn: addDays((await orgToday(deps, orgId)).today, 30),
  });
}

/**
 * The register of regulatory events: a DGCCRF fine and a CNIL warning on marketing (GRI 417-3),
 * a substantiated CNIL complaint on privacy (GRI 418-1) and an Arcep request, the fine with the
 * decision's letter as evidence.
 */
async function seedRegulatoryEvents(deps: Deps, orgId: string): Promise<void> {
  const ctx = systemContext(orgId, 'seed');
  const daysAgo = (n: number) => new Date(deps.clock.now().getTime() - n * 86_400_000).toISOString().slice(0, 10);
  const fine = await recordRegulatoryEvent(deps, ctx, {
    occurredOn: daysAgo(40),
    authority: 'dgccrf',
    kind: 'fine',
    subjectArea: 'marketing',
    description: 'Amende administrative pour des annonces de réduction calculées sur un prix de référence erroné (C. consom. L.112-1-1).',
    outcome: 'Amende payée ; le calcul des réductions passe désormais par le contrôle des prix.',
    amountCents: 1_500_000,
    currency: 'EUR',
    status: 'closed',
  });
  await addRegulatoryEvidence(deps, ctx, fine.id, [
    { filename: 'decision-dgccrf.txt', data: Buffer.from('Décision de la DGCCRF (copie de démonstration).\n', 'utf8'), truncated: false },
  ]);
  await recordRegulatoryEvent(deps, ctx, {
    occurredOn: daysAgo(75),
    authority: 'cnil',
    kind: 'warning',
    subjectArea: 'marketing',
    description: 'Avertissement sur des SMS de prospection envoyés sans consentement préalable (CPCE L.34-5).',
    status: 'closed',
  });
  await recordRegulatoryEvent(deps, ctx, {
    occurredOn: daysAgo(20),
    authority: 'cnil',
    kind: 'regulator_complaint',
    subjectArea: 'privacy',
    substantiated: true,
    description: 'Plainte transmise par la CNIL : une demande d’effacement restée sans réponse au-delà d’un mois.',
  });
  await recordRegulatoryEvent(deps, ctx, {
    occurredOn: daysAgo(10),
    authority: 'arcep',
    kind: 'authority_request',
    subjectArea: 'product_information',
    description: 'Demande d’information sur la présentation des offres et des hausses de prix.',
  });
}

/**
 * Three contracts on the demo offers: one concluded online 5 days ago (within its 14-day
 * withdrawal period), one whose last day to refuse the tacit renewal is 45 days away (in its
 * reminder window, 3 to 1 months before), one concluded in a shop (no withdrawal right).
 */
async function seedContracts(deps: Deps, orgId: string, customerIds: readonly string[], offers: { electricity: string; gas: string }): Promise<void> {
  const ctx = systemContext(orgId, 'seed');
  const { today } = await orgToday(deps, orgId);
  const [online, renewing, shop] = customerIds;
  if (!online || !renewing || !shop) return;
  const create = (customerId: string, offerId: string, channel: 'online' | 'phone' | 'shop', concludedOn: string) =>
    createContract(deps, ctx, contractsSchemas.CreateContractSchema.parse({ customerId, offerId, channel, concludedOn }));
  await create(online, offers.electricity, 'online', addDays(today, -5));
  // Twelve months from the start, the last committed day (the last day to refuse) is 45 days away.
  await create(renewing, offers.electricity, 'phone', addDays(addMonths(today, -12), 46));
  await create(shop, offers.gas, 'shop', addDays(today, -200));
}

/**
 * A marketing text with high-severity pressure, submitted by the supervisor (or the system in an
 * organisation without one): the ethics officer's home shows it waiting for approval.
 */
async function seedMessageApproval(deps: Deps, orgId: string): Promise<void> {
  const supervisor = (await findUsers(deps.db, orgId)).find((u) => u.roles.includes('supervisor'));
  const ctx = supervisor
    ? {
        ...systemContext(orgId, 'seed'),
        actor: { kind: 'user' as const, id: supervisor.id, orgId, roles: ['supervisor' as const], permissions: permissionsForRoles(['supervisor']), sessionId: '' },
      }
    : systemContext(orgId, 'seed');
  await submitForApproval(deps, ctx, {
    type: 'marketing',
    campaign: true,
    text: 'Dernière chance : notre offre à prix bloqué se termine ce soir à minuit, souscrivez sans tarder ! Envoyé par Lumière Énergie SAS. Pour ne plus recevoir nos messages, répondez STOP.',
  });
}

const DAY = 86_400_000;
const localDay = (instant: Date) => instant.toISOString().slice(0, 10);

/**
 * Enough history for every role's home to show something: a team lead, complaints received over
 * ten weeks at each SLA state (one escalated, some decided), a request near its deadline and a
 * consent withdrawn (no breach: the breach journey starts from an empty register). Past states are set on the rows
 * the services created, since the services only file work "now".
 */
async function seedHomeFigures(deps: Deps, orgId: string): Promise<void> {
  const ctx = systemContext(orgId, 'seed');
  const now = deps.clock.now();
  const byEmail = new Map(
    (await deps.db.select({ id: users.id, email: users.email }).from(users).where(eq(users.orgId, orgId))).map((u) => [u.email, u.id]),
  );
  const lead = byEmail.get('superviseur@lumiere.example');
  for (const email of ['agent@lumiere.example', 'agent2@lumiere.example']) {
    const userId = byEmail.get(email);
    if (userId && lead)
      await deps.db
        .insert(advisors)
        .values({ orgId, userId, supervisorId: lead })
        .onConflictDoUpdate({ target: [advisors.orgId, advisors.userId], set: { supervisorId: lead } });
  }
  const extra = [
    { name: 'Paul Durand', category: 'delivery', weeksAgo: 9, description: 'Le compteur devait être posé en mars, toujours rien.' },
    { name: 'Nadia Haddad', category: 'billing', weeksAgo: 8, description: 'Régularisation de 412 € sans explication.' },
    { name: 'Hugo Blanc', category: 'contract', weeksAgo: 7, description: 'Résiliation demandée il y a deux mois, toujours prélevé.' },
    { name: 'Léa Fontaine', category: 'billing', weeksAgo: 5, description: 'Mensualité augmentée sans prévenir.' },
    { name: 'Yanis Mercier', category: 'service_quality', weeksAgo: 4, description: 'Coupure de trois jours, aucune information.' },
    {
      name: 'Chloé Garnier',
      category: 'personal_data',
      weeksAgo: 2,
      description: 'Je reçois des offres alors que je me suis désinscrite.',
    },
    { name: 'Emma Lambert', category: 'billing', weeksAgo: 1, description: 'Deux factures pour le même mois.' },
    { name: 'Malik Traoré', category: 'accessibility', weeksAgo: 0, description: 'Le site ne fonctionne pas avec mon lecteur d’écran.' },
  ] as const;
  const ids: string[] = [];
  for (const c of extra) {
    const email = `${c.name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z ]/g, '')
      .replace(' ', '.')}@example.fr`;
    const { complaint } = await fileComplaint(
      deps,
      ctx,
      {
        customer: { email, name: c.name, locale: 'fr' },
        channel: 'email',
        category: c.category,
        description: c.description,
        language: 'fr',
      },
      'agent',
    );
    const receivedAt = new Date(now.getTime() - (c.weeksAgo * 7 + 1) * DAY);
    await deps.db
      .update(complaintsTable)
      .set({ receivedAt, acknowledgedAt: new Date(receivedAt.getTime() + DAY), status: 'acknowledged' })
      .where(eq(complaintsTable.id, complaint.id));
    ids.push(complaint.id);
  }
  const set = (i: number, values: Partial<typeof complaintsTable.$inferInsert>) =>
    deps.db
      .update(complaintsTable)
      .set(values)
      .where(and(eq(complaintsTable.orgId, orgId), eq(complaintsTable.id, ids[i] as string)));
  // Decided and closed (outcome shares), then one past its answer day, one at 80 %, one escalated, one waiting on the customer.
  await set(0, {
    status: 'closed',
    decision: 'upheld',
    rootCause: 'process_failure',
    answeredAt: new Date(now.getTime() - 50 * DAY),
    closedAt: new Date(now.getTime() - 40 * DAY),
  });
  await set(1, {
    status: 'closed',
    decision: 'partially_upheld',
    rootCause: 'billing_error',
    answeredAt: new Date(now.getTime() - 30 * DAY),
    closedAt: new Date(now.getTime() - 20 * DAY),
  });
  await set(2, {
    status: 'investigating',
    answerDueOn: localDay(new Date(now.getTime() - 2 * DAY)),
    answerWarnAt: new Date(now.getTime() - 10 * DAY),
  });
  await set(3, {
    status: 'investigating',
    answerWarnAt: new Date(now.getTime() - DAY),
    answerDueOn: localDay(new Date(now.getTime() + 4 * DAY)),
  });
  await set(4, { status: 'investigating', escalationLevel: 2, escalatedAt: new Date(now.getTime() - 3 * DAY) });
  await set(5, { pausedAt: new Date(now.getTime() - 2 * DAY), pauseReason: 'missing_document' });

  const [someone] = await deps.db
    .select({ id: complaintsTable.customerId })
    .from(complaintsTable)
    .where(eq(complaintsTable.id, ids[6] as string));
  if (someone) {
    await recordConsent(deps, ctx, {
      customerId: someone.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'web_form',
      source: 'portal',
    });
    await recordConsent(deps, ctx, {
      customerId: someone.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'withdrawn',
      method: 'web_form',
      source: 'portal',
    });
    // A request received 27 days ago: its one-month deadline (GDPR Art. 12(3)) is days away.
    const receivedAt = new Date(now.getTime() - 27 * DAY);
    await deps.db.insert(dsrRequests).values({
      orgId,
      customerId: someone.id,
      type: 'rectification',
      channel: 'email',
      identityCheck: 'known_contact_details',
      identityCheckedBy: 'seed',
      receivedAt,
      dueDate: localDay(new Date(now.getTime() + 3 * DAY)),
    });
  }
  await seedKpiHistory(deps, orgId, ids);
}

/**
 * The steps behind the dashboard's figures: the timeline of the complaints decided above (answered,
 * reopened, closed, rated, escalated), requests answered on time and late, consents given and
 * refused over the weeks, and outbound contacts, a few of which the guard refused. Past steps are
 * written as rows, as above; contacts and consents go through their services with past dates.
 */
async function seedKpiHistory(deps: Deps, orgId: string, ids: readonly string[]): Promise<void> {
  const ctx = systemContext(orgId, 'seed');
  const now = deps.clock.now();
  const ago = (days: number, hourUtc = 9) => {
    const d = new Date(now.getTime() - days * DAY);
    d.setUTCHours(hourUtc, 0, 0, 0);
    return d;
  };
  const step = (
    i: number,
    type: string,
    days: number,
    from: string | null,
    to: string | null,
    detail: Record<string, string | number> = {},
  ) => ({
    orgId,
    complaintId: ids[i] as string,
    type,
    fromStatus: from,
    toStatus: to,
    actorType: 'system',
    actorId: 'seed',
    detail,
    createdAt: ago(days),
  });
  await deps.db
    .insert(complaintEvents)
    .values([
      step(0, 'answered', 50, 'investigating', 'answered', { decision: 'upheld' }),
      step(0, 'closed', 40, 'answered', 'closed'),
      step(1, 'answered', 30, 'investigating', 'answered', { decision: 'partially_upheld' }),
      step(1, 'answer_rejected', 28, 'answered', 'reopened'),
      step(1, 'answered', 25, 'reopened', 'answered', { decision: 'partially_upheld' }),
      step(1, 'answer_accepted', 20, 'answered', 'closed'),
      step(1, 'rated', 19, null, null, { score: 4 }),
      step(4, 'escalated', 3, null, null, { from: 1, to: 2, by: 'staff' }),
    ]);
  await deps.db
    .update(complaintsTable)
    .set({ answeredAt: ago(25), satisfaction: 4, customerResponse: 'accepted', customerRespondedAt: ago(20) })
    .where(and(eq(complaintsTable.orgId, orgId), eq(complaintsTable.id, ids[1] as string)));

  const customers = await deps.db.select({ id: complaintsTable.customerId }).from(complaintsTable).where(eq(complaintsTable.orgId, orgId));
  const [a, b, c, d] = customers.map((r) => r.id);
  if (!a || !b || !c || !d) return;
  // GDPR Art. 12(3): answered within the month, and one answered ten days late.
  await deps.db.insert(dsrRequests).values([
    {
      orgId,
      customerId: a,
      type: 'access',
      status: 'fulfilled',
      channel: 'email',
      identityCheck: 'known_contact_details',
      identityCheckedBy: 'seed',
      receivedAt: ago(40),
      dueDate: localDay(ago(10)),
      closedAt: ago(20),
      closedBy: 'seed',
    },
    {
      orgId,
      customerId: b,
      type: 'erasure',
      status: 'fulfilled',
      channel: 'post',
      identityCheck: 'id_document',
      identityCheckedBy: 'seed',
      receivedAt: ago(75),
      dueDate: localDay(ago(44)),
      closedAt: ago(34),
      closedBy: 'seed',
    },
  ]);
  const consents: [string, 'given' | 'refused', number][] = [
    [a, 'given', 60],
    [b, 'refused', 45],
    [c, 'given', 30],
    [d, 'refused', 12],
  ];
  for (const [customerId, kind, days] of consents) {
    await recordConsent(deps, ctx, {
      customerId,
      purpose: 'offers-phone',
      channel: 'phone',
      kind,
      method: 'phone_recorded',
      source: 'appel du service client (enregistrement conservé)',
      occurredAt: ago(days),
    });
  }
  const declared = {
    tz: 'Europe/Paris',
    sector: 'other',
    ongoingContract: false,
    relatedToContract: false,
    existingCustomerSimilarProduct: false,
    oppositionListed: false,
  } as const;
  const attempts: [string, 'phone' | 'email', 'prospecting' | 'service', 'answered' | 'no_answer' | 'sent', number][] = [
    [a, 'phone', 'prospecting', 'answered', 58],
    [b, 'phone', 'prospecting', 'no_answer', 40],
    [c, 'email', 'service', 'sent', 29],
    [d, 'phone', 'prospecting', 'no_answer', 10],
    [a, 'email', 'service', 'sent', 6],
  ];
  for (const [customerId, channel, purpose, outcome, days] of attempts) {
    await recordAttempt(deps, ctx, { customerId, channel, purpose, outcome, occurredAt: ago(days, 10).toISOString(), ...declared });
  }
  // A phone campaign for next week, scrubbed: those who consented are allowed, the others named with their reasons.
  const campaign = await createCampaign(
    deps,
    ctx,
    {
      name: 'Offre prix fixe deux ans',
      channel: 'phone',
      purpose: 'prospecting',
      sector: 'other',
      message: 'Bonjour, Lumière Énergie vous appelle pour vous présenter son offre d’électricité à prix fixe pendant deux ans.',
      scheduledAt: ago(-7, 9).toISOString(),
    },
    Buffer.from(['customer_id', a, b, c, d].join('\n')),
  );
  await scrubCampaign(deps, ctx, campaign.id);
}

async function seedOrganisationAndUsers(deps: Deps): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await deps.db.transaction(async (tx) => {
    const ctx = systemContext(null, 'seed');
    const org = await createOrganisation(deps, tx, ctx, {
      slug: DEMO_ORG_SLUG,
      name: 'Lumière Énergie',
      legalName: 'Lumière Énergie SAS',
      defaultLocale: 'fr',
      timezone: 'Europe/Paris',
      profile: {
        contactEmail: 'service-client@lumiere.example',
        contactPhone: '01 23 45 67 89',
        postalAddress: '12 rue des Lilas, 69003 Lyon, France',
        website: 'https://lumiere.example',
        registration: 'RCS Lyon 123 456 789 — SAS au capital de 50 000 €',
        publisher: 'Lumière Énergie SAS, directrice de la publication : Claire Dubois',
        host: 'Hébergé en France par Exemple Hébergement, 1 quai de Saône, 69002 Lyon',
        dpoEmail: 'dpo@lumiere.example',
        mediator: {
          name: 'Médiateur national de l’énergie',
          website: 'https://www.energie-mediateur.fr',
          postalAddress: 'Libre réponse 59252, 75443 Paris Cedex 09',
        },
        legalNotice: {
          fr: 'Lumière Énergie SAS fournit de l’électricité et du gaz aux particuliers.\n\nVos données personnelles sont traitées pour gérer votre contrat et vos demandes. Vous disposez des droits d’accès, de rectification, d’effacement, de limitation, de portabilité et d’opposition, et du droit d’introduire une réclamation auprès de la CNIL.',
          en: 'Lumière Énergie SAS supplies electricity and gas to households.\n\nYour personal data is processed to manage your contract and your requests. You have the rights of access, rectification, erasure, restriction, portability and objection, and the right to lodge a complaint with the CNIL.',
        },
      },
    });
    const orgCtx = systemContext(org.id, 'seed');
    for (const user of DEMO_USERS) {
      const row = await insertUser(tx, {
        orgId: org.id,
        email: user.email,
        name: user.name,
        passwordHash,
        roles: user.roles,
        locale: user.locale,
      });
      await deps.audit.record(tx, orgCtx, {
        type: 'user.created',
        target: { type: 'user', id: row.id },
        payload: { userId: row.id, roles: user.roles },
      });
    }
  });
}

/**
 * The change campaign of the electricity price rise announced for 45 days from now: a notice for
 * each contract on the earlier price, planned today (energy: one month's notice, C. consom.
 * L.224-10, so in time); the worker sends them at its first pass.
 */
async function seedChangeCampaign(deps: Deps, orgId: string, offerId: string): Promise<void> {
  await createChangeCampaign(deps, systemContext(orgId, 'seed'), changeCampaignsSchemas.CreateChangeCampaignSchema.parse({ offerId }));
}

/**
 * Two offers with a ledger to read on the portal: prices and versions written through the
 * service "as of" past days (the ledger is only ever written now), a change announced for later,
 * and a reduction checked on the lowest price of the previous 30 days.
 */
async function seedOffers(deps: Deps, orgId: string): Promise<{ electricity: string; gas: string }> {
  const ctx = systemContext(orgId, 'seed');
  const asOf = (daysAgo: number): Deps => ({ ...deps, clock: { now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY) } });
  const label = (fr: string, en: string) => ({ fr, en });
  const electricity = {
    name: label('Électricité Verte Fixe', 'Fixed Green Electricity'),
    summary: label(
      'Électricité d’origine renouvelable produite en France, prix du kWh fixe pendant un an.',
      'Renewable electricity produced in France, with a fixed price per kWh for one year.',
    ),
    pricePeriod: 'month' as const,
    conditions: label(
      'Prix mensuel pour un logement de 60 m² chauffé au gaz (2 400 kWh par an), abonnement 6 kVA compris. Sans frais de mise en service ni de résiliation.',
      'Monthly price for a 60 m² home heated with gas (2,400 kWh a year), 6 kVA standing charge included. No connection or termination fee.',
    ),
    durationMonths: 12,
    renewal: 'tacit' as const,
    renewalTerms: label(
      'Renouvelé pour un an au prix alors en vigueur ; vous pouvez refuser le renouvellement jusqu’au dernier jour indiqué dans notre rappel.',
      'Renewed for one year at the price then in force; you may refuse the renewal until the last day shown in our reminder.',
    ),
    environmental: {
      text: label(
        '100 % renouvelable, garanties d’origine de centrales hydrauliques françaises.',
        '100% renewable, guarantees of origin from French hydroelectric plants.',
      ),
      co2eKgPerYear: 31,
    },
  };
  const lines = (energy: number, grid: number, taxes: number, margin: number) => [
    { label: label('Énergie (production)', 'Energy (production)'), amountCents: energy },
    { label: label('Acheminement (réseau, TURPE)', 'Delivery (grid, TURPE)'), amountCents: grid },
    { label: label('Taxes et contributions (accise, CTA, TVA)', 'Taxes and levies (excise, CTA, VAT)'), amountCents: taxes },
    { label: label('Commercialisation et marge', 'Sales costs and margin'), amountCents: margin },
  ];
  const { offer: green } = await createOffer(
    asOf(120),
    ctx,
    offersSchemas.CreateOfferSchema.parse({
      slug: 'electricite-verte-fixe',
      kind: 'plan',
      sector: 'energy',
      ...electricity,
      priceCents: 6_290,
      breakdown: lines(2_450, 1_910, 1_480, 450),
    }),
  );
  await addVersion(
    asOf(50),
    ctx,
    green.id,
    offersSchemas.NewVersionSchema.parse({
      ...electricity,
      priceCents: 5_980,
      breakdown: lines(2_140, 1_910, 1_480, 450),
      reason: label(
        'Baisse des prix de gros de l’électricité, répercutée entièrement.',
        'Lower wholesale electricity prices, passed on in full.',
      ),
    }),
  );
  await addVersion(
    deps,
    ctx,
    green.id,
    offersSchemas.NewVersionSchema.parse({
      ...electricity,
      priceCents: 6_120,
      breakdown: lines(2_140, 2_050, 1_480, 450),
      reason: label(
        'Hausse du tarif d’acheminement (TURPE) fixée par la Commission de régulation de l’énergie ; notre part ne change pas.',
        'Higher grid tariff (TURPE) set by the energy regulator; our share does not change.',
      ),
      validFrom: new Date(deps.clock.now().getTime() + 45 * DAY).toISOString(),
    }),
  );
  const gas = {
    name: label('Gaz Naturel Indexé', 'Indexed Natural Gas'),
    summary: label(
      'Gaz naturel dont le prix suit l’indice de référence publié chaque mois.',
      'Natural gas whose price follows the reference index published every month.',
    ),
    pricePeriod: 'month' as const,
    conditions: label(
      'Prix mensuel pour 8 000 kWh par an, abonnement compris.',
      'Monthly price for 8,000 kWh a year, standing charge included.',
    ),
    durationMonths: null,
    renewal: 'none' as const,
  };
  const { offer: gasOffer } = await createOffer(
    asOf(90),
    ctx,
    offersSchemas.CreateOfferSchema.parse({ slug: 'gaz-naturel-indexe', kind: 'plan', sector: 'energy', ...gas, priceCents: 9_000 }),
  );
  // A winter reduction: 10 % off the lowest price of the previous 30 days (90,00 €), checked by the rule.
  await addVersion(
    asOf(3),
    ctx,
    gasOffer.id,
    offersSchemas.NewVersionSchema.parse({
      ...gas,
      priceCents: 8_100,
      reason: label('Offre d’hiver : −10 % pendant trois mois.', 'Winter offer: 10% off for three months.'),
      reduction: { percent: 10 },
    }),
  );
  return { electricity: green.id, gas: gasOffer.id };
}
