import type {
  AdvisorDto,
  AnswerPreviewDto,
  AdvisorTeamDto,
  ComplaintDetailDto,
  ComplaintPageDto,
  ComplaintStepBodies,
  CreateComplaintBody,
  CreatedComplaintDto,
  HandoverBody,
  HandoverResultDto,
  SlaSettingBody,
  SlaSettingsDto,
  UpdateAdvisorBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch, postForm } from '../../api.ts';
import { allOf } from '../../union.ts';

export type {
  AdvisorDto,
  AnswerPreviewDto,
  ComplaintDetailDto,
  ComplaintStepBodies,
  SlaSettingsDto,
} from '../../../../../src/api/contract.ts';

/** One SLA clock of a complaint, as computed by the server from src/rules. */
export type SlaClockDto = ComplaintDetailDto['clocks']['ack'];
/** A document of a complaint (the bytes are downloaded from its own URL). */
export type AttachmentDto = ComplaintDetailDto['attachments'][number];
/** A step of the complaint page, `POST /api/complaints/:id/<step>`. */
export type ComplaintStep = keyof ComplaintStepBodies;
/** SLA terms: acknowledge in business days, answer in months or business days. */
export type SlaTermsDto = SlaSettingsDto['defaults'];
/** Whose SLA terms: the organisation's (`*`) or a category's. */
export type SlaScope = SlaSettingBody['category'];

/** Filters, order and page of the queue page (an empty string: the server's default). */
export interface ComplaintQuery {
  queue: string;
  status: string;
  category: string;
  q: string;
  sort: string;
  page: number;
}

export function findComplaints(query: ComplaintQuery): Promise<ComplaintPageDto> {
  const params = new URLSearchParams();
  for (const key of ['queue', 'status', 'category', 'q', 'sort'] as const) if (query[key]) params.set(key, query[key]);
  if (query.page > 1) params.set('page', String(query.page));
  return apiFetch<ComplaintPageDto>(`/api/complaints?${params.toString()}`);
}

export function getComplaint(id: string): Promise<ComplaintDetailDto> {
  return apiFetch<ComplaintDetailDto>(`/api/complaints/${encodeURIComponent(id)}`);
}

/** Files a complaint on the customer's behalf (phone, letter, shop): at least one of e-mail, phone, postal address. */
export function createComplaint(input: CreateComplaintBody): Promise<CreatedComplaintDto> {
  return apiFetch<CreatedComplaintDto, CreateComplaintBody>('/api/complaints', { method: 'POST', body: input });
}

/** A step and the body its schema expects: `{ step: 'assess', body: { urgency: 'urgent' } }`. */
export type ComplaintStepRequest = { [S in ComplaintStep]: { step: S; body: ComplaintStepBodies[S] } }[ComplaintStep];

/** Runs a step (acknowledge, assess, reply, note, answer, close, escalate, assign...). */
export function complaintAction(id: string, { step, body }: ComplaintStepRequest): Promise<ComplaintDetailDto> {
  return apiFetch<ComplaintDetailDto, ComplaintStepBodies[ComplaintStep]>(`/api/complaints/${encodeURIComponent(id)}/${step}`, {
    method: 'POST',
    body,
  });
}

/** What the customer will receive for this answer (nothing is sent or stored). */
export function previewAnswer(id: string, body: ComplaintStepBodies['answer']): Promise<AnswerPreviewDto> {
  return apiFetch<AnswerPreviewDto, ComplaintStepBodies['answer']>(`/api/complaints/${encodeURIComponent(id)}/answer/preview`, {
    method: 'POST',
    body,
  });
}

/** The complaint categories, in the order the back office lists them. */
export const COMPLAINT_CATEGORIES = allOf<ComplaintDetailDto['category']>()([
  'billing',
  'contract',
  'service_quality',
  'delivery',
  'sales_practice',
  'personal_data',
  'accessibility',
  'other',
]);

/** The advisors and the users who may supervise them (the advisors page). */
export function findAdvisorTeam(): Promise<AdvisorTeamDto> {
  return apiFetch<AdvisorTeamDto>('/api/advisors');
}

export async function findAdvisors(): Promise<AdvisorDto[]> {
  return (await findAdvisorTeam()).items;
}

export function updateAdvisor(id: string, body: UpdateAdvisorBody): Promise<AdvisorDto> {
  return apiFetch<AdvisorDto, UpdateAdvisorBody>(`/api/advisors/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function handOver(id: string, toAdvisorId: string): Promise<HandoverResultDto> {
  return apiFetch<HandoverResultDto, HandoverBody>(`/api/advisors/${encodeURIComponent(id)}/handover`, {
    method: 'POST',
    body: { toAdvisorId },
  });
}

/** Where staff download a document (the session cookie authorises it). */
export function attachmentUrl(complaintId: string, attachmentId: string): string {
  return `/api/complaints/${encodeURIComponent(complaintId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** Adds documents, on a message to the customer or on an internal note. */
export function uploadAttachments(complaintId: string, input: { files: File[]; message: string; internal: boolean }): Promise<ComplaintDetailDto> {
  const form = new FormData();
  if (input.message) form.append('message', input.message);
  form.append('internal', input.internal ? 'true' : 'false');
  for (const file of input.files) form.append('attachments', file, file.name);
  return postForm<ComplaintDetailDto>(`/api/complaints/${encodeURIComponent(complaintId)}/attachments`, form);
}

export function getSlaSettings(): Promise<SlaSettingsDto> {
  return apiFetch<SlaSettingsDto>('/api/complaints/sla-settings');
}

export function setSlaSetting(category: SlaScope, terms: SlaTermsDto): Promise<SlaSettingsDto> {
  return apiFetch<SlaSettingsDto, SlaSettingBody>('/api/complaints/sla-settings', { method: 'PUT', body: { category, ...terms } });
}

/** Removes a scope's terms; `category` as the settings list names it. */
export function resetSlaSetting(category: string): Promise<SlaSettingsDto> {
  return apiFetch<SlaSettingsDto>(`/api/complaints/sla-settings/${encodeURIComponent(category)}`, { method: 'DELETE' });
}
