import type {
  CheckMessageBody,
  DecideApprovalBody,
  Items,
  MessageApprovalDto,
  MessageCheckDto,
  SubmitApprovalBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type { MessageApprovalDto, MessageCheckDto, MessageFindingDto, SubmitApprovalBody } from '../../../../../src/api/contract.ts';

export const messageKeys = {
  check: (text: string, type: CheckMessageBody['type']) => ['messages', 'check', type ?? '', text] as const,
  approvals: ['messages', 'approvals'] as const,
};

/** The checker's findings on a text (nothing is stored). */
export function checkText(body: CheckMessageBody): Promise<MessageCheckDto> {
  return apiFetch<MessageCheckDto, CheckMessageBody>('/api/messages/check', { method: 'POST', body });
}

/** Messages waiting for the ethics officer, oldest first. */
export async function findPendingApprovals(): Promise<MessageApprovalDto[]> {
  return (await apiFetch<Items<MessageApprovalDto>>('/api/messages/approvals')).items;
}

export function submitForApproval(body: SubmitApprovalBody): Promise<MessageApprovalDto> {
  return apiFetch<MessageApprovalDto, SubmitApprovalBody>('/api/messages/approvals', { method: 'POST', body });
}

export function decideApproval(id: string, body: DecideApprovalBody): Promise<MessageApprovalDto> {
  return apiFetch<MessageApprovalDto, DecideApprovalBody>(`/api/messages/approvals/${encodeURIComponent(id)}/decision`, { method: 'POST', body });
}
