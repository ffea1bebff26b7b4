import type { Tone } from '../../components/status-badge.tsx';
import type { ContractSummaryDto } from './api.ts';

export const STATUS_TONE: Record<ContractSummaryDto['status'], Tone> = { active: 'success', terminated: 'neutral', withdrawn: 'neutral' };
