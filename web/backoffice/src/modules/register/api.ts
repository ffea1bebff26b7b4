import type {
  ActivityDto,
  ControllerBody,
  ControllerDto,
  CreateActivityBody,
  DryRunDto,
  Items,
  RegisterDto,
  RuleDto,
  RunDto,
  UpdateActivityBody,
  UpdateRuleBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type { ActivityDto, ControllerDto, RuleDto } from '../../../../../src/api/contract.ts';

/** A retention period. */
export type PeriodDto = RuleDto['period'];
/** Every editable field of an activity (the edit form sends them all). */
export type ActivityInput = Required<UpdateActivityBody>;
/** Editable fields of the controller block. */
export type ControllerInput = ControllerBody;

export const registerKeys = {
  register: ['register'] as const,
  rules: ['retention', 'rules'] as const,
  runs: ['retention', 'runs'] as const,
};

/** Server URLs opened directly by the browser (file download, printable page). */
export const REGISTER_CSV_URL = '/api/register/export.csv';
export const REGISTER_PRINT_URL = '/api/register/print';

export const getRegister = () => apiFetch<RegisterDto>('/api/register');
export const prefillRegister = async () => (await apiFetch<Items<ActivityDto>>('/api/register/prefill', { method: 'POST' })).items;
export const updateController = (input: ControllerBody) => apiFetch<ControllerDto, ControllerBody>('/api/register/controller', { method: 'PUT', body: input });
export const createActivity = (input: CreateActivityBody) => apiFetch<ActivityDto, CreateActivityBody>('/api/register/activities', { method: 'POST', body: input });
export const updateActivity = (id: string, input: UpdateActivityBody) => apiFetch<ActivityDto, UpdateActivityBody>(`/api/register/activities/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });

export const findRules = async () => (await apiFetch<Items<RuleDto>>('/api/retention/rules')).items;
export const updateRule = (rule: string, period: UpdateRuleBody) => apiFetch<RuleDto, UpdateRuleBody>(`/api/retention/rules/${encodeURIComponent(rule)}`, { method: 'PUT', body: period });
export const dryRun = () => apiFetch<DryRunDto>('/api/retention/dry-run');
export const findRuns = async () => (await apiFetch<Items<RunDto>>('/api/retention/runs')).items;
export const runRetention = () => apiFetch<RunDto>('/api/retention/runs', { method: 'POST' });
