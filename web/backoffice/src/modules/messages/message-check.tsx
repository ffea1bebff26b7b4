import { Box, Button, Group, List, Mark, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge, type Tone } from '../../components/status-badge.tsx';
import { checkText, messageKeys, type MessageCheckDto, type MessageFindingDto } from './api.ts';

type MessageType = NonNullable<Parameters<typeof checkText>[0]['type']>;

/** Wait after the last keystroke before checking: a check per pause, not per letter. */
const DEBOUNCE_MS = 500;
/** The server refuses longer texts (MAX_MESSAGE_LENGTH); the editor's own limit speaks first. */
const MAX_CHECKED = 20_000;

const SEVERITY_TONE: Record<MessageFindingDto['severity'], Tone> = { low: 'info', medium: 'warning', high: 'danger' };

/** Findings about the whole text (missing information) have no passage to mark. */
const marksText = (f: MessageFindingDto) => f.category !== 'missing_information';

/**
 * The text with each finding's passage marked (Mantine Mark, read as "highlight" by screen
 * readers). Overlapping passages keep the first; the list of findings names every one.
 */
export function HighlightedText({ text, findings }: { text: string; findings: readonly MessageFindingDto[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const f of [...findings].filter(marksText).sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (f.start < at || f.end > text.length) continue;
    if (f.start > at) parts.push(text.slice(at, f.start));
    parts.push(
      <Mark key={`${f.start}-${f.end}`} color={f.severity === 'high' ? 'red.1' : 'yellow.2'} c="dark.9">
        {text.slice(f.start, f.end)}
      </Mark>,
    );
    at = f.end;
  }
  parts.push(text.slice(at));
  return <Text className="cf-prewrap">{parts}</Text>;
}

/**
 * The findings, each with its category and severity, the passage, the explanation and the advice;
 * with `onApply`, a finding that has a replacement wording gets an "Apply suggestion" button.
 */
export function FindingList({
  text,
  findings,
  onApply,
}: {
  text: string;
  findings: readonly MessageFindingDto[];
  onApply?: ((f: MessageFindingDto) => void) | undefined;
}) {
  const { t } = useTranslation('messages');
  return (
    <List listStyleType="none" spacing="sm" p={0}>
      {findings.map((f) => {
        const span = text.slice(f.start, f.end);
        return (
          <List.Item key={`${f.category}-${f.start}-${f.end}-${f.rule}`}>
            <Paper withBorder p="sm">
              <Group gap="xs" mb={4}>
                <Text fw={700}>{t(`category.${f.category}`)}</Text>
                <StatusBadge tone={SEVERITY_TONE[f.severity]}>{t(`severity.${f.severity}`)}</StatusBadge>
              </Group>
              {marksText(f) ? <Text size="sm">{t('bo.check.quoted', { span })}</Text> : null}
              {f.message ? <Text size="sm">{f.message}</Text> : null}
              {f.suggestion ? <Text size="sm">{t('bo.check.advice', { suggestion: f.suggestion })}</Text> : null}
              <Text size="xs" c="dimmed">
                {f.rule}
              </Text>
              {f.replacement !== null ? (
                <Group gap="xs" mt="xs" align="center">
                  <Text size="sm">{t('bo.check.replacement', { replacement: f.replacement })}</Text>
                  {onApply ? (
                    <Button
                      size="compact-sm"
                      variant="light"
                      onClick={() => onApply(f)}
                      aria-label={t('bo.check.applyLabel', { span, replacement: f.replacement })}
                    >
                      {t('bo.check.apply')}
                    </Button>
                  ) : null}
                </Group>
              ) : null}
            </Paper>
          </List.Item>
        );
      })}
    </List>
  );
}

/**
 * The live check beside a message editor (issue 12): as the writer pauses, the text goes to
 * POST /api/messages/check; the passages found are marked in a copy of the text (a textarea
 * cannot hold marks) and explained below, and "Apply suggestion" puts the fairer wording in place
 * of the passage, after which the next check no longer finds it. The count is announced politely.
 * It never blocks: the form sends whatever the findings.
 */
export function MessageCheck({
  text,
  onChange,
  textareaId,
  type,
  note,
}: {
  text: string;
  onChange: (text: string) => void;
  /** The editor's textarea: focus returns there after a suggestion is applied. */
  textareaId: string;
  type?: MessageType;
  /** Shown under the findings (e.g. why they do not block this message). */
  note?: string;
}) {
  const { t } = useTranslation('messages');
  const titleId = `${useId().replace(/:/g, '')}-check`;
  const [debounced] = useDebouncedValue(text, DEBOUNCE_MS);
  // The text a suggestion produced: its check announces that the suggestion was applied.
  const [appliedText, setAppliedText] = useState<string | null>(null);
  const checked = debounced.trim() !== '' && debounced.length <= MAX_CHECKED;
  const query = useQuery({
    queryKey: messageKeys.check(debounced, type),
    queryFn: async (): Promise<{ text: string; result: MessageCheckDto }> => ({
      text: debounced,
      result: await checkText({ text: debounced, ...(type ? { type } : {}) }),
    }),
    enabled: checked,
    staleTime: Infinity,
    // The last answer stays on screen while the next one comes: no flicker, no repeated announcement.
    placeholderData: keepPreviousData,
  });
  if (text.trim() === '') return null;
  const data = checked ? query.data : undefined;
  // Offsets are valid only for the text they were computed on.
  const current = data?.text === text;
  const findings = data?.result.findings ?? [];
  const apply = (f: MessageFindingDto) => {
    if (!current || f.replacement === null) return;
    const next = text.slice(0, f.start) + f.replacement + text.slice(f.end);
    onChange(next);
    setAppliedText(next);
    // The button goes with its finding: the writer carries on in the text, after the new wording.
    const caret = f.start + f.replacement.length;
    requestAnimationFrame(() => {
      const area = document.getElementById(textareaId);
      if (area instanceof HTMLTextAreaElement) {
        area.focus();
        area.setSelectionRange(caret, caret);
      }
    });
  };
  // The classifier may judge the whole text manipulative where no rule marks a passage: say so
  // rather than "nothing to review".
  const summary = data
    ? findings.length
      ? t('bo.check.found', { count: findings.length })
      : data.result.flagged
        ? t('bo.check.flaggedOverall')
        : t('bo.check.clean')
    : '';
  return (
    <Box component="section" aria-labelledby={titleId} mt="xs" mb="md">
      <Title order={4} id={titleId} mb={4}>
        {t('bo.check.title')}
      </Title>
      <Text role="status" aria-live="polite" aria-atomic="true" fw={600}>
        {current && appliedText === text ? `${t('bo.check.applied')} ` : ''}
        {summary}
      </Text>
      {!current && query.isFetching ? (
        <Text size="sm" c="dimmed">
          {t('bo.check.checking')}
        </Text>
      ) : null}
      {query.isError && !data ? (
        <Text size="sm" c="dimmed">
          {t('bo.check.failed')}
        </Text>
      ) : null}
      {data && findings.length ? (
        <Stack gap="xs" mt="xs">
          <Paper withBorder p="sm" bg="gray.0" aria-label={t('bo.check.highlighted')} component="figure" m={0}>
            <HighlightedText text={data.text} findings={findings} />
          </Paper>
          <FindingList text={data.text} findings={findings} onApply={current ? apply : undefined} />
          {note ? (
            <Text size="sm" c="dimmed">
              {note}
            </Text>
          ) : null}
        </Stack>
      ) : null}
    </Box>
  );
}
