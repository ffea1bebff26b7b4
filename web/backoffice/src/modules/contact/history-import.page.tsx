import { Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CsvImportPanel } from '../../components/csv-import-panel.tsx';
import { Page } from '../../components/page.tsx';
import { contactKeys } from './api.ts';
import { importHistoryFile } from './imports.api.ts';

/**
 * Contact history import (/app/contact/history-import): a supervisor uploads the attempts of a
 * dialer or an e-mail or SMS sender, reads the check of every row (nothing written), then
 * confirms; the caps of C. consom. D.223-9 are only right if every attempt is known.
 */
export function HistoryImportPage() {
  const { t } = useTranslation('contact');
  const queryClient = useQueryClient();
  return (
    <Page title={t('bo.historyImport.title')}>
      <CsvImportPanel
        namespace="contact"
        keyPrefix="bo.historyImport"
        title={t('bo.historyImport.fileTitle')}
        titleId="history-import-title"
        fileId="history-import-file"
        fileHint={t('bo.historyImport.fileHint')}
        intro={
          <>
            <Text mb="xs" maw="48rem">
              {t('bo.historyImport.intro')}
            </Text>
            <Text mb="sm" maw="48rem">
              {t('bo.historyImport.format')}
            </Text>
          </>
        }
        send={importHistoryFile}
        // Imported attempts change every decision they touch (caps, refusals).
        onImported={() => void queryClient.invalidateQueries({ queryKey: contactKeys.all })}
        done={(totals) => t('bo.historyImport.done', totals)}
        summary={(report) => (
          <>
            <Text mb="xs">{t('bo.historyImport.totals', report.totals)}</Text>
            {report.totals.againstRules > 0 ? (
              <Text mb="xs">{t('bo.historyImport.againstRules', { count: report.totals.againstRules })}</Text>
            ) : null}
          </>
        )}
        columns={[
          { key: 'channel', header: t('bo.history.channel'), cell: (r) => r.channel },
          { key: 'outcome', header: t('bo.history.outcome'), cell: (r) => r.outcome },
          {
            key: 'rules',
            header: t('bo.history.decision'),
            cell: (r) =>
              r.allowed === null
                ? ''
                : r.allowed
                  ? t('bo.history.allowed')
                  : t('bo.history.denied', { reasons: r.reasons.map((code) => t(`reason.${code}`, { defaultValue: code })).join(' ') }),
          },
        ]}
      />
    </Page>
  );
}
