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
  if (org) await seedActivity(deps, org.id);
  return true;
}

/** A few purposes, consents and complaints, filed through the same services as real ones. */
async function seedActivity(deps: Deps, orgId: string): Promise<void> {
  const ctx = systemContext(orgId, 'seed');
  await createPurpose(deps, ctx, {
    key: 'newsletter',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email'],
    notice: {
      titleFr: 'Lettre d’information',
      titleEn: 'Newsletter',
      textFr: 'Une lettre par mois sur nos offres et nos conseils d’économie d’énergie. Vous pouvez vous désinscrire à tout moment, en un clic.',
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
      textFr: 'Nous pouvons vous appeler ou vous écrire par SMS au sujet d’offres liées à votre contrat, du lundi au vendredi, de 10 h à 13 h et de 14 h à 20 h.',
      textEn: 'We may call you or text you about offers related to your contract, Monday to Friday, 10:00–13:00 and 14:00–20:00.',
    },
  });
  const complaints = [
    { email: 'jeanne.roux@example.fr', name: 'Jeanne Roux', phone: '06 12 34 56 78', category: 'billing', channel: 'phone', description: 'Ma facture de janvier compte deux fois l’abonnement. J’ai appelé deux fois sans réponse.', remedySought: 'Le remboursement du double prélèvement.' },
    { email: 'marc.petit@example.fr', name: 'Marc Petit', category: 'sales_practice', channel: 'letter', description: 'Un vendeur au téléphone a insisté pendant vingt minutes pour me faire changer d’offre, alors que j’avais dit non.', remedySought: 'Ne plus être démarché et une explication.' },
    { email: 'amina.kone@example.fr', name: 'Amina Koné', category: 'service_quality', channel: 'shop', description: 'Le technicien n’est pas venu au rendez-vous du 12 et personne ne m’a prévenue.', remedySought: 'Un nouveau rendez-vous rapide et un geste commercial.' },
  ] as const;
  for (const c of complaints) {
    const { complaint } = await fileComplaint(
      deps,
      ctx,
      { customer: { email: c.email, name: c.name, ...('phone' in c ? { phone: c.phone } : {}), locale: 'fr' }, channel: c.channel, category: c.category, description: c.description, remedySought: c.remedySought, language: 'fr' },
      'agent',
    );
    if (c.category === 'billing') {
      await recordConsent(deps, ctx, { customerId: complaint.customerId, purpose: 'newsletter', channel: 'email', kind: 'given', method: 'phone_recorded', source: 'appel du service client (enregistrement conservé)' });
    }
  }
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
        mediator: { name: 'Médiateur national de l’énergie', website: 'https://www.energie-mediateur.fr', postalAddress: 'Libre réponse 59252, 75443 Paris Cedex 09' },
        legalNotice: {
          fr: 'Lumière Énergie SAS fournit de l’électricité et du gaz aux particuliers.\n\nVos données personnelles sont traitées pour gérer votre contrat et vos demandes. Vous disposez des droits d’accès, de rectification, d’effacement, de limitation, de portabilité et d’opposition, et du droit d’introduire une réclamation auprès de la CNIL.',
          en: 'Lumière Énergie SAS supplies electricity and gas to households.\n\nYour personal data is processed to manage your contract and your requests. You have the rights of access, rectification, erasure, restriction, portability and objection, and the right to lodge a complaint with the CNIL.',
        },
      },
    });
    const orgCtx = systemContext(org.id, 'seed');
    for (const user of DEMO_USERS) {
      const row = await insertUser(tx, { orgId: org.id, email: user.email, name: user.name, passwordHash, roles: user.roles, locale: user.locale });
      await deps.audit.record(tx, orgCtx, { type: 'user.created', target: { type: 'user', id: row.id }, payload: { userId: row.id, roles: user.roles } });
    }
  });
}
