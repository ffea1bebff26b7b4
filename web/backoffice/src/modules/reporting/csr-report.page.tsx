import { Alert, Anchor, Badge, Button, Group, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, TextAreaField, TextField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Panel } from '../../components/panel.tsx';
import { ScrollFrame } from '../../components/scroll-frame.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage } from '../../pages/errors.page.tsx';
import type { CsrNarrativeBody } from '../../../../../src/api/contract.ts';
import { csrKeys, exportUrl, getCsrReport, saveNarrative, type CsrReportDto, type CsrSection } from './api.ts';

const inApp = (path: string) => path.replace(/^\/app/, '');

/** The CSR report (/app/reports/csr?year=2026): each section's figures beside the year before, its text, the downloads. */
export function CsrReportPage() {
  const { t } = useTranslation('reporting');
  const [params, setParams] = useSearchParams();
  const thisYear = String(new Date().getFullYear());
  const year = /^\d{4}$/.test(params.get('year') ?? '') ? (params.get('year') as string) : thisYear;
  const [typed, setTyped] = useState(year);
  const query = useQuery({ queryKey: csrKeys.one(year), queryFn: () => getCsrReport(year) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  const show = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (/^\d{4}$/.test(typed)) setParams({ year: typed });
  };
  return (
    <Page title={t('bo.title')}>
      <Text mb="sm" maw="48rem">
        {t('bo.intro')}
      </Text>
      <Group align="end" gap="sm" mb="md">
        <form onSubmit={show}>
          <Group align="end" gap="sm">
            <TextField id="csr-year" label={t('bo.year')} inputMode="numeric" value={typed} onChange={(e) => setTyped(e.currentTarget.value.trim())} />
            <Button type="submit" variant="default" mb="sm">
              {t('bo.show')}
            </Button>
          </Group>
        </form>
        <Group gap="xs" mb="sm" aria-label={t('bo.download')} role="group">
          <Button component="a" href={exportUrl(year, 'pdf')} download>
            {t('bo.download')} {t('bo.pdf')}
          </Button>
          <Button component="a" variant="default" href={exportUrl(year, 'html')} download>
            {t('bo.html')}
          </Button>
          <Button component="a" variant="default" href={exportUrl(year, 'json')} download>
            {t('bo.json')}
          </Button>
        </Group>
      </Group>
      {query.isPending ? <Loading /> : query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : <Report report={query.data} />}
    </Page>
  );
}

function Report({ report }: { report: CsrReportDto }) {
  const { t } = useTranslation('reporting');
  const before = String(Number(report.period) - 1);
  return (
    <>
      {report.sections.map((s) => (
        <Panel key={s.id} title={s.title} id={`section-${s.id}`}>
          <Text size="sm" c="dimmed" mb="sm">
            {s.scope}
          </Text>
          {/* Six columns do not fit a phone: the table scrolls in its own frame, reachable by keyboard. */}
          <ScrollFrame label={t('figuresCaption', { section: s.title, year: report.period, before })} bare>
            <Table withTableBorder withColumnBorders striped captionSide="top">
              <Table.Caption>{t('figuresCaption', { section: s.title, year: report.period, before })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('figure')}</Table.Th>
                  <Table.Th scope="col">{report.period}</Table.Th>
                  <Table.Th scope="col">{before}</Table.Th>
                  <Table.Th scope="col">{t('bo.mapping')}</Table.Th>
                  <Table.Th scope="col">{t('definition')}</Table.Th>
                  <Table.Th scope="col">{t('records')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.figures.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Th scope="row">
                      <div className="cf-cell-text">{f.label}</div>
                    </Table.Th>
                    <Table.Td>{f.value === null ? <em>{f.text}</em> : f.text}</Table.Td>
                    <Table.Td>{f.previous === null ? <em>{f.previousText}</em> : f.previousText}</Table.Td>
                    <Table.Td>
                      {f.mapping.framework === 'GRI' ? f.mapping.id : f.mapping.disclosure}
                      {f.mapping.status === 'verify' ? (
                        <Badge ml="xs" size="xs" color="orange" variant="light">
                          {t('verify')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{f.definitionPath ? <Anchor component={Link} to={inApp(f.definitionPath)}>{t('definitionLink')}</Anchor> : t('none')}</Table.Td>
                    <Table.Td>{f.recordsPath ? <Anchor component={Link} to={inApp(f.recordsPath)}>{t('recordsLink')}</Anchor> : t('none')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollFrame>
          <Narrative report={report} section={s} />
        </Panel>
      ))}
    </>
  );
}

function Narrative({ report, section }: { report: CsrReportDto; section: CsrSection }) {
  const { t } = useTranslation('reporting');
  const lang = currentLanguage() === 'en' ? 'en' : 'fr';
  const queryClient = useQueryClient();
  const current = section.narrative[lang];
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(current ?? '');
  const [saved, setSaved] = useState(false);
  const mutation = useMutation({
    mutationFn: () => saveNarrative({ period: report.period, section: section.id as CsrNarrativeBody['section'], locale: lang, body: text }),
    onSuccess: (updated) => {
      queryClient.setQueryData(csrKeys.one(report.period), updated);
      setEditing(false);
      setSaved(true);
    },
  });
  const id = `narrative-${section.id}`;
  return (
    <>
      <Title order={3} size="h5" mt="md" mb="xs">
        {t('narrativeTitle')}
      </Title>
      <div role="status">{saved ? <Alert color="green" mb="xs">{t('bo.saved')}</Alert> : null}</div>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!mutation.isPending) mutation.mutate();
          }}
          noValidate
        >
          <ErrorSummary message={mutation.error?.message} />
          <TextAreaField id={id} label={t('bo.textLabel', { lang: t(`bo.lang.${lang}`) })} minRows={4} value={text} onChange={setText} />
          <Group gap="xs">
            <Button type="submit" loading={mutation.isPending}>
              {t('bo.save')}
            </Button>
            <Button variant="subtle" onClick={() => setEditing(false)}>
              {t('bo.cancel')}
            </Button>
          </Group>
        </form>
      ) : (
        <>
          {current ? <Text style={{ whiteSpace: 'pre-wrap' }}>{current}</Text> : <Text fs="italic">{t('noNarrative')}</Text>}
          {report.abilities.editNarrative ? (
            <Button
              mt="xs"
              size="xs"
              variant="default"
              onClick={() => {
                setText(current ?? '');
                setSaved(false);
                setEditing(true);
              }}
              aria-label={`${t('bo.editText')} — ${section.title}`}
            >
              {t('bo.editText')}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}
