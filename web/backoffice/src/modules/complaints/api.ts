import { ApiError, apiFetch } from '../../api.ts';
import { currentLanguage, i18n } from '../../i18n.ts';

/** One SLA clock of a complaint, as computed by the server from src/rules. */
export interface SlaClockDto {
  kind: 'complaint-ack' | 'complaint-answer';
  dueOn: string;
  unit: 'business-days' | 'months';
  amount: number;
  progress: number;
  businessDaysLeft: number | null;
  doneAt: string | null;
  state: 'running' | 'warning' | 'breached' | 'met' | 'missed' | 'paused';
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
  /** Set while the clocks wait on the customer. */
  pause: { since: string; reason: string } | null;
}

/** A document of a complaint (the bytes are downloaded from its own URL). */
export interface AttachmentDto {
  id: string;
  filename: string | null;
  kind: 'pdf' | 'png' | 'jpeg' | 'webp' | 'text';
  sizeBytes: number;
  uploaderType: 'customer' | 'staff';
  uploaderLabel: string | null;
  internal: boolean;
  messageId: string | null;
  createdAt: string;
}

/** One task of the triage suggestion made at intake. */
export interface TriageTaskDto {
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
  reasons: { kind: 'word' | 'signal'; text: string; weight: number }[];
}

/** The complaint page: everything staff may see, internal notes included. */
export interface ComplaintDetailDto extends ComplaintSummaryDto {
  sentiment: string | null;
  /** The triage model's suggestion (null when none could be made): shown as a suggestion only. */
  triage: { model: string; language: string; evidence: number; category: TriageTaskDto; urgency: TriageTaskDto; sentiment: TriageTaskDto } | null;
  /** Where the assessment form starts: the suggestion (urgency never lowered) or the agent's earlier choice. */
  prefill: { category: string; urgency: string; sentiment: string | null };
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
  customer: { id: string; name: string | null; email: string | null; phone: string | null; address: string | null; locale: string; timezone: string };
  /** The acknowledgement an agent must send by post or phone (customer without e-mail); null when it went by e-mail. */
  manualAck: { doneAt: string | null; sentBy: 'post' | 'phone' | null } | null;
  advisor: { id: string; name: string } | null;
  timeline: { id: string; type: string; fromStatus: string | null; toStatus: string | null; actorType: string; actorLabel: string | null; detail: Record<string, unknown>; createdAt: string }[];
  messages: { id: string; authorType: 'customer' | 'staff' | 'system'; authorLabel: string | null; internal: boolean; body: string | null; createdAt: string }[];
  mediator: { name: string; website: string; limitOn: string };
  attachments: AttachmentDto[];
  abilities: Record<string, boolean>;
}

/** Filters of the queue page. */
export interface ComplaintQuery {
  queue: string;
  status: string;
  category: string;
  q: string;
}

export function findComplaints(query: ComplaintQuery): Promise<{ items: ComplaintSummaryDto[]; total: number }> {
  const params = new URLSearchParams();
  if (query.queue) params.set('queue', query.queue);
  if (query.status) params.set('status', query.status);
  if (query.category) params.set('category', query.category);
  if (query.q) params.set('q', query.q);
  return apiFetch(`/api/complaints?${params.toString()}`);
}

export function getComplaint(id: string): Promise<ComplaintDetailDto> {
  return apiFetch(`/api/complaints/${encodeURIComponent(id)}`);
}

/** What an agent enters to file a complaint: at least one of e-mail, phone, postal address. */
export interface NewComplaintInput {
  customer: { name: string; email?: string | undefined; phone?: string | undefined; address?: string | undefined; locale: 'fr' | 'en' };
  channel: string;
  category: string;
  language: 'fr' | 'en';
  description: string;
  remedySought?: string | undefined;
}

/** Files a complaint on the customer's behalf (phone, letter, shop). */
export function createComplaint(input: NewComplaintInput): Promise<{ complaint: { id: string; reference: string }; trackingUrl: string | null; created: boolean }> {
  return apiFetch('/api/complaints', { method: 'POST', body: input });
}

/** Runs a step (acknowledge, assess, reply, note, answer, close, escalate, assign). */
export function complaintAction(id: string, action: string, body: Record<string, unknown>): Promise<ComplaintDetailDto> {
  return apiFetch(`/api/complaints/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
}

/** The complaint categories, in the order the back office lists them. */
export const COMPLAINT_CATEGORIES = ['billing', 'contract', 'service_quality', 'delivery', 'sales_practice', 'personal_data', 'accessibility', 'other'] as const;

/** An advisor, as listed by /api/advisors. */
export interface AdvisorDto {
  userId: string;
  name: string;
  active: boolean;
  languages: string[];
  skills: string[];
  status: 'active' | 'absent' | 'left';
  deputyId: string | null;
  supervisorId: string | null;
  customers: number;
}

/** The advisors and the users who may supervise them (the advisors page). */
export function findAdvisorTeam(): Promise<{ items: AdvisorDto[]; supervisors: { id: string; name: string }[] }> {
  return apiFetch('/api/advisors');
}

export async function findAdvisors(): Promise<AdvisorDto[]> {
  return (await apiFetch<{ items: AdvisorDto[] }>('/api/advisors')).items;
}

export function updateAdvisor(id: string, body: Partial<Pick<AdvisorDto, 'languages' | 'skills' | 'status' | 'deputyId' | 'supervisorId'>>): Promise<AdvisorDto> {
  return apiFetch(`/api/advisors/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function handOver(id: string, toAdvisorId: string): Promise<{ customers: number; complaints: number }> {
  return apiFetch(`/api/advisors/${encodeURIComponent(id)}/handover`, { method: 'POST', body: { toAdvisorId } });
}

/** Where staff download a document (the session cookie authorises it). */
export function attachmentUrl(complaintId: string, attachmentId: string): string {
  return `/api/complaints/${encodeURIComponent(complaintId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** Adds documents as multipart/form-data, on a message to the customer or on an internal note. */
export async function uploadAttachments(complaintId: string, input: { files: File[]; message: string; internal: boolean; csrfToken: string }): Promise<ComplaintDetailDto> {
  const form = new FormData();
  if (input.message) form.append('message', input.message);
  form.append('internal', input.internal ? 'true' : 'false');
  for (const file of input.files) form.append('attachments', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api/complaints/${encodeURIComponent(complaintId)}/attachments`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': currentLanguage(), 'x-csrf-token': input.csrfToken },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const data = (await response.json().catch(() => undefined)) as ComplaintDetailDto | { error?: { code: string; message: string; issues?: { path: string; message: string }[] } } | undefined;
  if (!response.ok) {
    const error = data && 'error' in data ? data.error : undefined;
    throw new ApiError(response.status, error?.code ?? 'unexpected', error?.message ?? i18n.t('errors.unexpected', { status: response.status }), error?.issues ?? []);
  }
  return data as ComplaintDetailDto;
}

/** SLA terms: acknowledge in business days, answer in months or business days. */
export interface SlaTermsDto {
  ackBusinessDays: number;
  answerAmount: number;
  answerUnit: 'months' | 'business-days';
}

/** The organisation's SLA settings, the defaults of the rules and the allowed bounds. */
export interface SlaSettingsDto {
  defaults: SlaTermsDto;
  bounds: { ackBusinessDays: { min: number; max: number }; answer: Record<'months' | 'business-days', { min: number; max: number }> };
  settings: (SlaTermsDto & { category: string; updatedAt: string })[];
}

export function getSlaSettings(): Promise<SlaSettingsDto> {
  return apiFetch('/api/complaints/sla-settings');
}

export function setSlaSetting(category: string, terms: SlaTermsDto): Promise<SlaSettingsDto> {
  return apiFetch('/api/complaints/sla-settings', { method: 'PUT', body: { category, ...terms } });
}

export function resetSlaSetting(category: string): Promise<SlaSettingsDto> {
  return apiFetch(`/api/complaints/sla-settings/${encodeURIComponent(category)}`, { method: 'DELETE' });
}
