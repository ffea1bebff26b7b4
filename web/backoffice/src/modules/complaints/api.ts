import { apiFetch } from '../../api.ts';

/** One SLA clock of a complaint, as computed by the server from src/rules. */
export interface SlaClockDto {
  kind: 'complaint-ack' | 'complaint-answer';
  dueOn: string;
  progress: number;
  businessDaysLeft: number | null;
  doneAt: string | null;
  state: 'running' | 'warning' | 'breached' | 'met' | 'missed';
}

/** A complaint in a queue. */
export interface ComplaintSummaryDto {
  id: string;
  reference: string;
  status: string;
  channel: string;
  category: string;
  severity: string | null;
  urgency: string;
  vulnerabilities: string[];
  language: string;
  escalationLevel: number;
  assignee: { id: string; name: string } | null;
  reviewReason: string | null;
  receivedAt: string;
  clocks: { ack: SlaClockDto; answer: SlaClockDto };
}

/** The complaint page: everything staff may see, internal notes included. */
export interface ComplaintDetailDto extends ComplaintSummaryDto {
  description: string | null;
  remedySought: string | null;
  decision: string | null;
  decisionReasons: string | null;
  rootCause: string | null;
  remedyGiven: string | null;
  customerResponse: 'accepted' | 'rejected' | null;
  satisfaction: number | null;
  satisfactionComment: string | null;
  dates: Record<string, string | null>;
  customer: { id: string; name: string | null; email: string | null; phone: string | null; locale: string; timezone: string };
  advisor: { id: string; name: string } | null;
  timeline: { id: string; type: string; fromStatus: string | null; toStatus: string | null; actorType: string; actorLabel: string | null; detail: Record<string, unknown>; createdAt: string }[];
  messages: { id: string; authorType: 'customer' | 'staff' | 'system'; authorLabel: string | null; internal: boolean; body: string | null; createdAt: string }[];
  mediator: { name: string; website: string; limitOn: string };
  abilities: Record<string, boolean>;
}

/** Filters of the queue page. */
export interface ComplaintQuery {
  queue: string;
  status: string;
  q: string;
}

export function findComplaints(query: ComplaintQuery): Promise<{ items: ComplaintSummaryDto[]; total: number }> {
  const params = new URLSearchParams();
  if (query.queue) params.set('queue', query.queue);
  if (query.status) params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  return apiFetch(`/api/complaints?${params.toString()}`);
}

export function getComplaint(id: string): Promise<ComplaintDetailDto> {
  return apiFetch(`/api/complaints/${encodeURIComponent(id)}`);
}

/** Runs a step (acknowledge, assess, reply, note, answer, close, escalate, assign). */
export function complaintAction(id: string, action: string, body: Record<string, unknown>): Promise<ComplaintDetailDto> {
  return apiFetch(`/api/complaints/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
}

/** An advisor, as listed by /api/advisors. */
export interface AdvisorDto {
  userId: string;
  name: string;
  active: boolean;
  languages: string[];
  skills: string[];
  status: 'active' | 'absent' | 'left';
  deputyId: string | null;
  customers: number;
}

export async function findAdvisors(): Promise<AdvisorDto[]> {
  return (await apiFetch<{ items: AdvisorDto[] }>('/api/advisors')).items;
}

export function updateAdvisor(id: string, body: Partial<Pick<AdvisorDto, 'languages' | 'status' | 'deputyId'>>): Promise<AdvisorDto> {
  return apiFetch(`/api/advisors/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function handOver(id: string, toAdvisorId: string): Promise<{ customers: number; complaints: number }> {
  return apiFetch(`/api/advisors/${encodeURIComponent(id)}/handover`, { method: 'POST', body: { toAdvisorId } });
}
