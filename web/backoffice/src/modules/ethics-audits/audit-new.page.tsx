import { Anchor, Box, Button, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api.ts';
import { useCreateAndOpen } from '../../components/create-and-open.ts';
import { ErrorSummary, RadioGroup, TextAreaField, TextField, issuesByField } from '../../components/form.tsx';
import { Page } from '../../components/page.tsx';
import { LoadError, Loading } from '../../components/status.tsx';
import { auditKeys, createAudit, findTemplates, type AuditTemplateDto } from './api.ts';

/** A new audit from a template (/app/audits/new): the template, the scope and the dates; the auditor is the creator. */
export function NewAuditPage() {
  const { t } = useTranslation('audits');
  const templates = useQuery({ queryKey: auditKeys.templates, queryFn: findTemplates });
  return (
    <Page title={t('ethicsAudit.bo.newTitle')}>
      <Anchor component={Link} to="/audits" size="sm" mb="sm" display="inline-block">
        {t('ethicsAudit.bo.back')}
      </Anchor>
      {templates.isPending ? (
        <Loading />
      ) : templates.isError ? (
        <LoadError error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <NewAuditForm templates={templates.data} />
      )}
    </Page>
  );
}

function NewAuditForm({ templates }: { templates: AuditTemplateDto[] }) {
  const { t } = useTranslation('audits');
  const [templateKey, setTemplateKey] = useState(templates[0]?.key ?? '');
  const [scope, setScope] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const mutation = useCreateAndOpen({ create: createAudit, listKey: auditKeys.all, recordKey: auditKeys.one, pathOf: (id) => `/audits/${id}` });
  const errors = isApiError(mutation.error) ? issuesByField(mutation.error.issues) : {};
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    mutation.mutate({ templateKey, scope, ...(startsOn ? { startsOn } : {}), ...(endsOn ? { endsOn } : {}) });
  };
  return (
    <Box maw="52rem" component="form" onSubmit={submit} noValidate>
      <ErrorSummary
        message={mutation.error instanceof Error ? mutation.error.message : undefined}
        fieldErrors={errors}
        fields={{
          templateKey: { id: 'audit-template', label: t('ethicsAudit.fields.template') },
          scope: { id: 'audit-scope', label: t('ethicsAudit.fields.scope') },
          startsOn: { id: 'audit-starts', label: t('ethicsAudit.fields.startsOn') },
          endsOn: { id: 'audit-ends', label: t('ethicsAudit.fields.endsOn') },
        }}
      />
      <RadioGroup
        id="audit-template"
        legend={t('ethicsAudit.fields.template')}
        value={templateKey}
        onChange={setTemplateKey}
        error={errors.templateKey}
        options={templates.map((tpl) => ({
          value: tpl.key,
          label: (
            <>
              <Text span fw={600}>
                {tpl.title}
              </Text>{' '}
              <Text span size="sm">
                ({t('ethicsAudit.bo.items', { count: tpl.items })}) — {tpl.description}
              </Text>
            </>
          ),
        }))}
      />
      <TextAreaField id="audit-scope" label={t('ethicsAudit.fields.scope')} required value={scope} onChange={setScope} error={errors.scope} minRows={2} />
      <TextField id="audit-starts" type="date" label={t('ethicsAudit.fields.startsOn')} hint={t('ethicsAudit.bo.startsOnHint')} value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={errors.startsOn} />
      <TextField id="audit-ends" type="date" label={t('ethicsAudit.fields.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={errors.endsOn} />
      <Text size="sm" mb="sm">
        {t('ethicsAudit.bo.auditorHint')}
      </Text>
      <Button type="submit" loading={mutation.isPending}>
        {t('ethicsAudit.bo.create')}
      </Button>
    </Box>
  );
}
