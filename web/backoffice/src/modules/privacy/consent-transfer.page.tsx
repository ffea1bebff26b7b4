import { Alert, Anchor, Code, List, SimpleGrid, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CsvImportPanel } from '../../components/csv-import-panel.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { dateFormatter } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { useMe } from '../../session.ts';
import { privacyKeys } from './api.ts';
import { consentExportUrl, importConsentFile } from './consent-transfer.api.ts';
import { phoneCollectionNotice } from '../../../../../src/rules/contact/notice.ts';

/**
 * Consent import and export (/app/privacy/consents/transfer): a DPO uploads a CSV, reads the
 * check of every row, then confirms; anyone who reads consents downloads the CSV exports.
 */
export function ConsentTransferPage() {
  const { t } = useTranslation('consent');
  const me = useMe();
  return (
    // The page names what it holds; each card names its part, so no title is said twice.
    <Page title={me.permissions.includes('consent:import') ? t('bo.link') : t('bo.export.title')}>
      {me.permissions.includes('consent:import') ? <ImportSection /> : null}
      <Panel title={t('bo.export.panel')} id="consent-export-title">
        <Text mb="xs" maw="48rem">
          {t('bo.export.intro')}
        </Text>
        <List spacing={4}>
          <List.Item>
            <Anchor href={consentExportUrl('states')} download>
              {t('bo.export.states')}
            </Anchor>
          </List.Item>
          <List.Item>
            <Anchor href={consentExportUrl('ledger')} download>
              {t('bo.export.ledger')}
            </Anchor>
          </List.Item>
        </List>
      </Panel>
    </Page>
  );
}

function ImportSection() {
  const { t } = useTranslation('consent');
  const queryClient = useQueryClient();
  return (
    <CsvImportPanel
      namespace="consent"
      keyPrefix="bo.import"
      title={t('bo.import.title')}
      titleId="consent-import-title"
      fileId="consent-import-file"
      intro={
        <>
          <Text mb="xs" maw="48rem">
            {t('bo.import.intro')}
          </Text>
          <Text mb="xs" maw="48rem">
            {t('bo.import.format')}
          </Text>
          <FileColumns />
          <Text mb="sm" maw="48rem">
            {t('bo.import.idempotent')}
          </Text>
          <PhoneNotice />
        </>
      }
      send={importConsentFile}
      onImported={() => void queryClient.invalidateQueries({ queryKey: privacyKeys.rates })}
      done={(totals) => t('bo.import.done', { imported: totals.imported, newSubjects: totals.newSubjects })}
      summary={(report) => <Text mb="sm">{t('bo.import.totals', report.totals)}</Text>}
      columns={[
        { key: 'purpose', header: t('bo.import.purpose'), cell: (r) => <Code>{r.purpose}</Code> },
        { key: 'channel', header: t('bo.import.channel'), cell: (r) => r.channel },
        { key: 'state', header: t('bo.import.state'), cell: (r) => r.state },
      ]}
    />
  );
}

/** The file's columns by name (what goes in the header line), required then optional, each with what it holds. */
const REQUIRED_COLUMNS = ['purpose', 'channel', 'state', 'occurred_at', 'notice_version', 'method', 'source'] as const;
const OPTIONAL_COLUMNS = ['proof_ref', 'expires_at', 'phone_notice'] as const;

/**
 * The columns as a list of names to copy and what each holds: one sentence naming fifteen codes
 * was a wall of text at 1280 px and longer still at 390.
 */
function FileColumns() {
  const { t } = useTranslation('consent');
  const item = (names: readonly string[], key: string) => (
    <List.Item key={key}>
      {names.map((name, index) => (
        <span key={name}>
          {index > 0 ? ` ${t('bo.import.or')} ` : null}
          <Code className="cf-nowrap">{name}</Code>
        </span>
      ))}
      {' — '}
      {t(`bo.import.columns.${key}`)}
    </List.Item>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mb="sm" maw="64rem">
      <div>
        <Text fw={600} size="sm" mb={4} id="consent-columns-required">
          {t('bo.import.columnsRequired')}
        </Text>
        <List size="sm" spacing={2} aria-labelledby="consent-columns-required">
          {item(['email', 'customer_id'], 'subject')}
          {REQUIRED_COLUMNS.map((name) => item([name], name))}
        </List>
      </div>
      <div>
        <Text fw={600} size="sm" mb={4} id="consent-columns-optional">
          {t('bo.import.columnsOptional')}
        </Text>
        <List size="sm" spacing={2} aria-labelledby="consent-columns-optional">
          {OPTIONAL_COLUMNS.map((name) => item([name], name))}
        </List>
      </div>
    </SimpleGrid>
  );
}

/**
 * The notice owed when a phone number is collected (C. consom. L.223-1, from 2026-08-11), shown
 * where phone consents are imported: the file's phone_notice column records that it was shown,
 * and the notice becomes part of each consent's proof.
 */
function PhoneNotice() {
  const { t } = useTranslation('consent');
  const { t: tc } = useTranslation('contact');
  const notice = phoneCollectionNotice(new Date());
  if (!notice) return null;
  const version = dateFormatter(currentLanguage()).date(notice.version);
  return (
    <Alert color="blue" mb="sm" maw="48rem" title={t('bo.import.phoneNoticeTitle', { version })}>
      <Text size="sm" mb="xs">
        {t('bo.import.phoneNoticeIntro', { version })}
      </Text>
      <Text size="sm" component="blockquote" fs="italic" m={0} mb="xs">
        {tc(notice.textKey)}
      </Text>
      {/* The code goes into the file as it is: on its own line, not in the middle of a sentence. */}
      <Text size="sm">
        {t('bo.import.phoneNoticeValue')}
        <br />
        <Code className="cf-nowrap">{notice.key}</Code>
      </Text>
    </Alert>
  );
}
