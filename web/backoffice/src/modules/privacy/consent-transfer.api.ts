import type { ApiErrorBody, ImportReportDto } from '../../../../../src/api/contract.ts';
import { ApiError } from '../../api.ts';
import { currentLanguage, i18n } from '../../i18n.ts';

export type { ImportReportDto } from '../../../../../src/api/contract.ts';

/**
 * Sends the CSV file to POST /api/consent/import as multipart/form-data (apiFetch only sends
 * JSON): `dry_run` checks it, `commit` imports it and must name the hash the check reported.
 */
export async function importConsentFile(
  file: File,
  mode: ImportReportDto['mode'],
  csrfToken: string,
  expectedHash?: string,
): Promise<ImportReportDto> {
  const form = new FormData();
  form.append('mode', mode);
  if (expectedHash) form.append('expectedHash', expectedHash);
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/consent/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': currentLanguage(), 'x-csrf-token': csrfToken },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const data = (await response.json().catch(() => undefined)) as ImportReportDto | ApiErrorBody | undefined;
  if (!response.ok) {
    if (data && 'error' in data) throw new ApiError(response.status, data.error.code, data.error.message, data.error.issues ?? []);
    throw new ApiError(response.status, 'unexpected', i18n.t('errors.unexpected', { status: response.status }));
  }
  return data as ImportReportDto;
}

/** Download URL of the CSV export (the browser sends the session cookie). */
export const consentExportUrl = (scope: 'states' | 'ledger'): string => `/api/consent/export?scope=${scope}`;
