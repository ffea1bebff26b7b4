import type { ImportReportDto } from '../../../../../src/api/contract.ts';
import { csvImportForm, postForm } from '../../api.ts';

/** Sends the CSV file: `dry_run` checks it, `commit` imports it and must name the hash the check reported. */
export function importConsentFile(file: File, mode: ImportReportDto['mode'], expectedHash?: string): Promise<ImportReportDto> {
  return postForm<ImportReportDto>('/api/consent/import', csvImportForm(file, mode, expectedHash));
}

/** Download URL of the CSV export (the browser sends the session cookie). */
export const consentExportUrl = (scope: 'states' | 'ledger'): string => `/api/consent/export?scope=${scope}`;
