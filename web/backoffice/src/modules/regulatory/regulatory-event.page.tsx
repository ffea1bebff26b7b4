import { Alert, Anchor, Box, Button, List, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api.ts';
import { ErrorSummary, FileField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { Facts, Panel } from '../../components/panel.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { formatDateTime } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ForbiddenPage, NotFoundPage } from '../../pages/errors.page.tsx';
import { evidenceUrl, formatFine, formatDay, getRegulatoryEvent, regulatoryKeys, updateRegulatoryEvent, uploadEvidence, type RegulatoryEventDto } from './api.ts';
import { RegulatoryForm } from './regulatory-form.tsx';

/** One regulatory event (/app/regulatory/:id): its facts, linked records and evidence files. */
export function RegulatoryEventPage() {
  const { t } = useTranslation('regulatory');
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: regulatoryKeys.one(id), queryFn: () => getRegulatoryEvent(id) });
  if (isApiError(query.error, 403)) return <ForbiddenPage message={query.error.message} />;
  if (isApiError(query.error, 404) || isApiError(query.error, 400)) return <NotFoundPage />;
  return (
    <Page title={query.data ? `${query.data.reference} — ${t(`kind.${query.data.kind}`)}` : t('bo.list.title')}>
      <Anchor component={Link} to="/regulatory" size="sm" mb="sm" display="inline-block">
        {t('bo.back')}
      </Anchor>
      {query.isPending ? <Loading /> : query.isError ? <LoadError error={query.error} onRetry={() => void query.refetch()} /> : <Detail event={query.data} />}
    </Page>
  );
}

function Detail({ event }: { event: RegulatoryEventDto }) {
  const { t } = useTranslation('regulatory');
  const lang = currentLanguage();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const done = (message: string) => (updated: RegulatoryEventDto) => {
    queryClient.setQueryData(regulatoryKeys.one(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: regulatoryKeys.list });
    setSaved(message);
  };
  const update = useMutation({
    mutationFn: (input: Parameters<typeof updateRegulatoryEvent>[1]) => updateRegulatoryEvent(event.id, input),
    onSuccess: (updated) => {
      done(t('bo.detail.saved'))(updated);
      setEditing(false);
    },
  });
  const upload = useMutation({
    mutationFn: (chosen: File[]) => uploadEvidence(event.id, chosen),
    onSuccess: (updated) => {
      done(t('bo.detail.uploaded'))(updated);
      setFiles([]);
    },
  });
  const submitFiles = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (files.length > 0 && !upload.isPending) upload.mutate(files);
  };
  return (
    <>
      <div role="status">{saved ? <Alert color="green" mb="sm">{saved}</Alert> : null}</div>
      <Panel
        title={t('bo.detail.facts')}
        actions={
          event.abilities.edit && !editing ? (
            <Button variant="default" size="xs" onClick={() => setEditing(true)}>
              {t('bo.detail.edit')}
            </Button>
          ) : null
        }
      >
        {editing ? (
          <Box maw="52rem">
            <RegulatoryForm event={event} submitLabel={t('bo.detail.save')} pending={update.isPending} error={update.error} onSubmit={(input) => update.mutate(input)} />
            <Button variant="subtle" mt="sm" onClick={() => setEditing(false)}>
              {t('bo.detail.cancel')}
            </Button>
          </Box>
        ) : (
          <>
            <Facts
              items={[
                { label: t('fields.reference'), value: event.reference },
                { label: t('fields.occurredOn'), value: formatDay(event.occurredOn, lang) },
                { label: t('fields.authority'), value: event.authority === 'other' && event.authorityName ? event.authorityName : t(`authority.${event.authority}`) },
                { label: t('fields.kind'), value: t(`kind.${event.kind}`) },
                { label: t('fields.subjectArea'), value: t(`subjectArea.${event.subjectArea}`) },
                { label: t('fields.status'), value: t(`status.${event.status}`) },
                { label: t('fields.substantiated'), value: t(`substantiated.${event.substantiated === null ? 'unknown' : event.substantiated ? 'yes' : 'no'}`) },
                { label: t('fields.amount'), value: event.amount ? formatFine(event.amount, lang) : t('bo.none') },
              ]}
            />
            <Text fw={600} mt="md">
              {t('fields.description')}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{event.description}</Text>
            {event.outcome ? (
              <>
                <Text fw={600} mt="md">
                  {t('fields.outcome')}
                </Text>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{event.outcome}</Text>
              </>
            ) : null}
          </>
        )}
      </Panel>
      <Panel title={t('fields.linkedRecords')}>
        {event.linkedRecords.length === 0 ? (
          <Text>{t('bo.detail.noLinks')}</Text>
        ) : (
          <List>
            {event.linkedRecords.map((l) => (
              <List.Item key={`${l.type}:${l.id}`}>
                {t(`linkType.${l.type}`)} :{' '}
                {l.path ? (
                  <Anchor component={Link} to={l.path.replace(/^\/app/, '')}>
                    {l.id}
                  </Anchor>
                ) : (
                  l.id
                )}
              </List.Item>
            ))}
          </List>
        )}
      </Panel>
      <Panel title={t('fields.evidence')}>
        {event.evidence.length === 0 ? (
          <Text mb="sm">{t('bo.detail.noEvidence')}</Text>
        ) : (
          <List mb="sm">
            {event.evidence.map((e) => (
              <List.Item key={e.id}>
                <Anchor href={evidenceUrl(event.id, e.id)} download aria-label={t('bo.detail.download', { name: e.filename ?? e.id })}>
                  {e.filename ?? e.id}
                </Anchor>{' '}
                ({formatDateTime(e.createdAt, lang)})
              </List.Item>
            ))}
          </List>
        )}
        {event.abilities.addEvidence ? (
          <form onSubmit={submitFiles} noValidate>
            <ErrorSummary message={upload.error instanceof Error ? upload.error.message : undefined} />
            <FileField
              id="evidence-input"
              multiple
              label={t('bo.detail.addEvidence')}
              hint={t('bo.detail.evidenceHint')}
              files={files}
              onChange={setFiles}
              accept=".pdf,.png,.jpg,.jpeg,.webp,.txt,application/pdf,image/png,image/jpeg,image/webp,text/plain"
            />
            <Button type="submit" variant="default" loading={upload.isPending} disabled={files.length === 0}>
              {t('bo.detail.upload')}
            </Button>
          </form>
        ) : null}
      </Panel>
    </>
  );
}
