import type { HistoryImportReportDto, Items, OppositionImportDto, OppositionListDto } from '../../../../../src/api/contract.ts';
import { ApiError, apiErrorOf, apiFetch, csvImportForm, postForm } from '../../api.ts';
import { currentLanguage, i18n } from '../../i18n.ts';

export type { OppositionImportDto, OppositionListDto } from '../../../../../src/api/contract.ts';

export const importKeys = {
  oppositionLists: ['contact', 'opposition-lists'] as const,
};

/** Sends a contact-history CSV: `dry_run` checks it, `commit` imports it and must name the hash the check reported, as the consent import does. */
export function importHistoryFile(file: File, mode: HistoryImportReportDto['mode'], expectedHash?: string): Promise<HistoryImportReportDto> {
  return postForm<HistoryImportReportDto>('/api/contact/attempts/import', csvImportForm(file, mode, expectedHash));
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
      else reject(apiErrorOf(xhr.status, data));
    };
    xhr.send(form);
  });
}
