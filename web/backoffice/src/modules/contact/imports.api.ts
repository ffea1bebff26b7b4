import type { ApiErrorBody, HistoryImportReportDto, Items, OppositionImportDto, OppositionListDto } from '../../../../../src/api/contract.ts';
import { ApiError, apiFetch } from '../../api.ts';
import { currentLanguage, i18n } from '../../i18n.ts';

export type { HistoryImportReportDto, OppositionImportDto, OppositionListDto } from '../../../../../src/api/contract.ts';

export const importKeys = {
  oppositionLists: ['contact', 'opposition-lists'] as const,
};

function failure(status: number, data: unknown): ApiError {
  if (data && typeof data === 'object' && 'error' in data) {
    const { error } = data as ApiErrorBody;
    return new ApiError(status, error.code, error.message, error.issues ?? []);
  }
  return new ApiError(status, 'unexpected', i18n.t('errors.unexpected', { status }));
}

/**
 * Sends a contact-history CSV to POST /api/contact/attempts/import as multipart/form-data
 * (apiFetch only sends JSON): `dry_run` checks it, `commit` imports it and must name the hash the
 * check reported, as the consent import does.
 */
export async function importHistoryFile(
  file: File,
  mode: HistoryImportReportDto['mode'],
  csrfToken: string,
  expectedHash?: string,
): Promise<HistoryImportReportDto> {
  const form = new FormData();
  form.append('mode', mode);
  if (expectedHash) form.append('expectedHash', expectedHash);
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/contact/attempts/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': currentLanguage(), 'x-csrf-token': csrfToken },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw failure(response.status, data);
  return data as HistoryImportReportDto;
}

export async function findOppositionLists(): Promise<OppositionListDto[]> {
  return (await apiFetch<Items<OppositionListDto>>('/api/contact/opposition-lists')).items;
}

/**
 * Uploads an opposition-list extract to POST /api/contact/opposition-lists. XMLHttpRequest, not
 * fetch: only it reports the upload's progress (`onUpload`, 0 to 1); the load that follows is
 * followed through the extracts' listing, which counts the numbers written batch by batch.
 */
export function uploadOppositionList(
  file: File,
  extractedOn: string,
  csrfToken: string,
  onUpload: (fraction: number) => void,
): Promise<OppositionImportDto> {
  const form = new FormData();
  form.append('extractedOn', extractedOn);
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/contact/opposition-lists');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', currentLanguage());
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onUpload(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.t('errors.network')));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as OppositionImportDto);
      else reject(failure(xhr.status, data));
    };
    xhr.send(form);
  });
}
