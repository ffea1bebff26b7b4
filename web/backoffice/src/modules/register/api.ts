import { apiFetch } from '../../api.ts';

/** The controller block of the register (GDPR Art. 30(1)(a)). */
export interface ControllerDto {
  controllerName: string;
  controllerContact: string;
  jointControllers: string;
  representative: string;
  dpoName: string;
  dpoContact: string;
  updatedAt: string | null;
}

/** One processing activity (Art. 30(1)(b)-(g)). */
export interface ActivityDto {
  id: string;
  key: string;
  origin: 'purpose' | 'module' | 'manual';
  name: string;
  purposes: string;
  legalBasis: string | null;
  dataUse: string | null;
  subjectCategories: string[];
  dataCategories: string[];
  recipients: string;
  transfers: string;
  safeguards: string;
  erasureLimits: string;
  securityMeasures: string;
  status: 'active' | 'archived';
  updatedAt: string;
}

/** The whole register. */
export interface RegisterDto {
  controller: ControllerDto;
  activities: ActivityDto[];
  abilities: { manage: boolean };
}

/** A retention period. */
export interface PeriodDto {
  amount: number;
  unit: 'days' | 'months' | 'years';
}

/** A retention rule as the organisation applies it. */
export interface RuleDto {
  rule: string;
  period: PeriodDto;
  defaultPeriod: PeriodDto;
  minimum: PeriodDto;
  custom: boolean;
  enforcement: 'auto' | 'manual';
  source: string;
  tables: string[];
  handledBy: string[];
  abilities: { edit: boolean };
}

/** What a purge would remove now. */
export interface DryRunDto {
  generatedAt: string;
  items: { rule: string; module: string; action: 'delete' | 'anonymise'; cutoff: string; count: number; held: number; sampleIds: string[] }[];
}

/** One retention run. */
export interface RunDto {
  id: string;
  trigger: 'cron' | 'manual';
  actorId: string | null;
  status: 'succeeded' | 'failed';
  purged: number;
  held: number;
  failedRule: string | null;
  results: { rule: string; action: 'delete' | 'anonymise'; cutoff: string; purged: number; held: number }[];
  startedAt: string;
  finishedAt: string;
}

interface Items<T> {
  items: T[];
}

/** Editable fields of an activity. */
export type ActivityInput = Omit<ActivityDto, 'id' | 'key' | 'origin' | 'updatedAt'>;
/** Editable fields of the controller block. */
export type ControllerInput = Omit<ControllerDto, 'updatedAt'>;

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
export const updateController = (input: ControllerInput) => apiFetch<ControllerDto>('/api/register/controller', { method: 'PUT', body: input });
export const createActivity = (input: { name: string; purposes: string }) => apiFetch<ActivityDto>('/api/register/activities', { method: 'POST', body: input });
export const updateActivity = (id: string, input: Partial<ActivityInput>) => apiFetch<ActivityDto>(`/api/register/activities/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });

export const findRules = async () => (await apiFetch<Items<RuleDto>>('/api/retention/rules')).items;
export const updateRule = (rule: string, period: PeriodDto) => apiFetch<RuleDto>(`/api/retention/rules/${encodeURIComponent(rule)}`, { method: 'PUT', body: period });
export const dryRun = () => apiFetch<DryRunDto>('/api/retention/dry-run');
export const findRuns = async () => (await apiFetch<Items<RunDto>>('/api/retention/runs')).items;
export const runRetention = () => apiFetch<RunDto>('/api/retention/runs', { method: 'POST' });
