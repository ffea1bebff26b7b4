/** The mail module's reads: where a mail to a staff member goes (users are referenced by their table, not through auth). */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../auth/auth.tables.ts';

/** A staff member's address, whether their account is active, and their language. */
export async function findStaffRecipient(db: Db, orgId: string, userId: string): Promise<{ email: string; active: boolean; locale: string } | undefined> {
  const [row] = await db.select({ email: users.email, status: users.status, locale: users.locale }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  return row ? { email: row.email, active: row.status === 'active', locale: row.locale } : undefined;
}
