/**
 * Demo data in French: one organisation and one account per role. Runs only on an empty
 * database, so a restart never duplicates or overwrites real data.
 */
import type { Deps } from '../../core/deps.ts';
import { systemContext } from '../../core/context.ts';
import { createOrganisation } from '../../core/organisations/organisations.service.ts';
import { findDefaultOrganisation } from '../../core/organisations/organisations.repo.ts';
import { hashPassword } from '../../core/auth/auth.service.ts';
import { insertUser } from '../../core/auth/auth.repo.ts';
import type { Role } from '../../core/auth/permissions.ts';

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
  return true;
}
