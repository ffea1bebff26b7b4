/**
 * The closed set of permissions and the one place where roles map to them. A new module adds its
 * own permissions here, under a heading of its own, and grants them to the roles whose work needs
 * them (docs/ARCHITECTURE.md, "Adding a module"); its manifest then lists those its routes use.
 * Least privilege: each role gets what its work needs, and `auditor` only reads.
 */

export const PERMISSIONS = [
  // foundation
  'org:read',
  'org:manage',
  'user:read',
  'user:manage',
  'token:manage',
  'audit_log:read',
  'audit_log:verify',
  'job:read',
  'system:metrics',
  // complaints and dedicated advisors
  'complaint:read',
  'complaint:create',
  'complaint:handle',
  'complaint:assign',
  'complaint:escalate',
  'complaint:configure',
  'advisor:read',
  'advisor:manage',
  // privacy centre
  'consent:read',
  'consent:record',
  'consent:import',
  'purpose:manage',
  'dsr:read',
  'dsr:create',
  'dsr:fulfil',
  'register:read',
  'register:manage',
  'retention:read',
  'retention:run',
  'breach:read',
  'breach:manage',
  // regulatory events (fines, warnings, authority requests, complaints from regulators)
  'regulatory:read',
  'regulatory:manage',
  // outbound contact and transparency
  'contact:read',
  'contact:check',
  'contact:record',
  'contact:manage',
  'contact:import',
  'campaign:read',
  'campaign:manage',
  'message:check',
  'message:approve',
  'transparency:read',
  'transparency:manage',
  'contract:read',
  'contract:manage',
  // measurement
  'kpi:read',
  'kpi:manage',
  'finding:read',
  'finding:manage',
  'ethics_audit:read',
  'ethics_audit:manage',
  'report:read',
  'report:generate',
  // people side
  'feedback:read',
  'feedback:manage',
  'training:read',
  'training:manage',
  'supplier:read',
  'supplier:manage',
  'speakup:read',
  'speakup:handle',
] as const;

/** A `resource:action` permission; the union is closed. */
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'agent', 'supervisor', 'dpo', 'ethics_officer', 'auditor'] as const;
/** A back-office role. Customers and data subjects are never given a role. */
export type Role = (typeof ROLES)[number];

const READ_ONLY: readonly Permission[] = PERMISSIONS.filter(
  (p) => p.endsWith(':read') && !p.startsWith('speakup:') && p !== 'audit_log:read',
);

const AGENT: readonly Permission[] = [
  'org:read',
  'complaint:read',
  'complaint:create',
  'complaint:handle',
  'advisor:read',
  'consent:read',
  'consent:record',
  'dsr:read',
  'dsr:create',
  'contact:read',
  'contact:check',
  'contact:record',
  'message:check',
  'transparency:read',
  // customers ask about their contracts: agents read them; concluding one is a supervisor's act
  'contract:read',
  'feedback:read',
  'training:read',
];

/** Roles to permissions. Speak-up reports stay with ethics officers (Dir. 2019/1937 Art. 16: confidentiality). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS.filter((p) => !p.startsWith('speakup:')),
  agent: AGENT,
  supervisor: [
    ...AGENT,
    'user:read',
    'complaint:assign',
    'complaint:escalate',
    'complaint:configure',
    'advisor:manage',
    'kpi:read',
    // the controls find late complaints in the supervisor's queues: they see what was found
    'finding:read',
    'report:read',
    'feedback:manage',
    'audit_log:read',
    // the call centre's own records: dialers' and senders' logs, so the caps count every attempt
    'contact:import',
    // the call centre runs campaigns: audiences, scrubs, the export of allowed recipients to its dialer
    'campaign:read',
    'campaign:manage',
    // supervisors conclude contracts for customers (the back office and the API)
    'contract:manage',
  ],
  dpo: [
    'org:read',
    'user:read',
    'audit_log:read',
    'audit_log:verify',
    'job:read',
    'complaint:read',
    'consent:read',
    'consent:record',
    'consent:import',
    'purpose:manage',
    'dsr:read',
    'dsr:create',
    'dsr:fulfil',
    'register:read',
    'register:manage',
    'retention:read',
    'retention:run',
    'breach:read',
    'breach:manage',
    // the DPO answers the CNIL: its requests, warnings and fines go in the register
    'regulatory:read',
    'regulatory:manage',
    'contact:read',
    // campaign audiences and decisions are personal data the DPO accounts for
    'campaign:read',
    // contracts hold the customers' contract addresses and are under legal holds the DPO answers for
    'contract:read',
    'kpi:read',
    // the controls watch the DPO's deadlines (requests, breach notifications, retention runs)
    'finding:read',
    // the DPO reads every ethics audit (the GDPR one's findings are the DPO's to follow, Art. 39(1)(b))
    // but does not run them: the ethics officer does, so the DPO's own practice (requests, register,
    // breaches) is not judged by the DPO, and an audit of marketing or of the code of conduct is
    // outside the DPO's remit; an action of an audit's finding may still be the DPO's (owner, reminded)
    'ethics_audit:read',
    'report:read',
  ],
  ethics_officer: [
    'org:read',
    'user:read',
    'audit_log:read',
    'complaint:read',
    'contact:read',
    'contact:manage',
    // ethics officers review campaigns and their scrub reports (the evidence of lawful contact)
    'campaign:read',
    'message:check',
    // Issue 12: marketing messages and campaigns with a high-severity finding wait for this
    // approval (administrators hold it too, so an officer's own submission can be decided by
    // someone else: the author never clears their own message, messages.policy.ts).
    'message:approve',
    'transparency:read',
    'transparency:manage',
    // terminations, withdrawals and renewal reminders are evidence of fair contract practice
    'contract:read',
    'kpi:read',
    // Issue 14: the ethics officer sets the objectives, keeps the findings and their remediation
    'kpi:manage',
    'finding:read',
    'finding:manage',
    'ethics_audit:read',
    'ethics_audit:manage',
    'report:read',
    'report:generate',
    // the register of regulatory events feeds the CSR report (GRI 417-3, 418-1)
    'regulatory:read',
    'regulatory:manage',
    'feedback:read',
    'feedback:manage',
    'training:read',
    'training:manage',
    'supplier:read',
    'supplier:manage',
    'speakup:read',
    'speakup:handle',
  ],
  auditor: [...READ_ONLY, 'audit_log:read', 'audit_log:verify'],
};

/** Union of the permissions of the given roles; unknown role names grant nothing. */
export function permissionsForRoles(roles: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) {
    const list = (ROLE_PERMISSIONS as Record<string, readonly Permission[] | undefined>)[role];
    list?.forEach((p) => granted.add(p));
  }
  return granted;
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
