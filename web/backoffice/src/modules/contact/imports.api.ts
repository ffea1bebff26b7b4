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
 * Uploads an opposition-list extract to POST /api/contact/opposition-lists: the file itself is the
 * body (`application/octet-stream`), which the browser streams from disk and the server spools
 * without holding it in memory, so extracts of hundreds of megabytes go through. XMLHttpRequest,
 * not fetch: only it reports the upload's progress (`onUpload`, 0 to 1); the load that follows is
 * followed through the extracts' listing, which counts the numbers written batch by batch.
 */
export function uploadOppositionList(
  file: File,
  extractedOn: string,
  csrfToken: string,
  onUpload: (fraction: number) => void,
): Promise<OppositionImportDto> {
  const query = new URLSearchParams({ extractedOn });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/contact/opposition-lists?${query.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', currentLanguage());
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    // Whatever the file's own type (text/plain, text/csv): the server streams only this one.
    xhr.setRequestHeader('content-type', 'application/octet-stream');
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
    xhr.send(file);
  });
}
