import { Alert, Table } from '@mantine/core';
import { useReducedMotion } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollFrame } from './scroll-frame.tsx';

/** One named series of values, one value per category; null where there is none (a gap, an empty cell). */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

/** Props of {@link Chart}. */
export interface ChartProps {
  /** Says what the chart shows; it is the chart's accessible name and its data table's caption. */
  title: string;
  kind: 'line' | 'bar' | 'pie';
  /** The x axis (line, bar) or the slices (pie), already translated and formatted. */
  categories: string[];
  /** Pie charts use the first series only. */
  series: ChartSeries[];
  height?: 'small' | 'medium' | 'large';
  /** Whole numbers only on the value axis (counts); false for rates and durations. */
  integers?: boolean;
}

/** Brand blue first, then hues that stay apart for common colour-vision deficiencies. */
const PALETTE = ['#1d4f91', '#b4460a', '#1e7234', '#6b3fa0', '#8a5a00', '#0f6e7a'];

/**
 * A chart drawn by Apache ECharts (the one charting library), for homes and dashboards: a trend
 * over weeks (line), a comparison (bar), a breakdown (pie). Give it data, not an ECharts option:
 * the same data fills a table under a <details> so screen-reader and keyboard users read the
 * figures (WCAG 1.1.1). ECharts loads on first use, in its own chunk; animation is off when the
 * user asks for reduced motion. Tooltips are drawn on the canvas (the CSP forbids the inline
 * styles of ECharts' HTML tooltips).
 */
export function Chart({ title, kind, categories, series, height = 'medium', integers = true }: ChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Axis, tooltip and table read numbers as the user writes them ("95,3" in French), never as JavaScript prints them.
  const formatValue = (value: number | null | undefined) =>
    value === null || value === undefined ? '' : new Intl.NumberFormat(lang, { maximumFractionDigits: integers ? 0 : 1 }).format(value);
  const container = useRef<HTMLDivElement>(null);
  const reduceMotion = useReducedMotion();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let dispose: (() => void) | undefined;
    import('./echarts.ts')
      .then(({ init }) => {
        if (disposed) return;
        const chart = init(element, undefined, { renderer: 'canvas' });
        const number = new Intl.NumberFormat(lang, { maximumFractionDigits: integers ? 0 : 1 });
        const shown = kind === 'pie' ? series.slice(0, 1) : series;
        chart.setOption({
          animation: !reduceMotion,
          color: PALETTE,
          aria: { enabled: true },
          tooltip: { trigger: kind === 'pie' ? 'item' : 'axis', renderMode: 'richText', valueFormatter: (v: unknown) => (typeof v === 'number' ? number.format(v) : '—') },
          legend: shown.length > 1 || kind === 'pie' ? { bottom: 0 } : undefined,
          grid: kind === 'pie' ? undefined : { left: 8, right: 16, top: 16, bottom: shown.length > 1 ? 40 : 8, containLabel: true },
          xAxis: kind === 'pie' ? undefined : { type: 'category', data: categories },
          yAxis: kind === 'pie' ? undefined : { type: 'value', minInterval: integers ? 1 : undefined, axisLabel: { formatter: (v: number) => number.format(v) } },
          series: shown.map((s) =>
            kind === 'pie'
              ? {
                  type: 'pie',
                  name: s.name,
                  radius: ['40%', '70%'],
                  data: categories.map((name, i) => ({ name, value: s.values[i] ?? 0 })),
                }
              : { type: kind, name: s.name, data: s.values },
          ),
        });
        // The container's own size, not the window's: a card in a grid changes width when the
        // cards around it load, and the canvas then overflowed its card.
        const observer = new ResizeObserver(() => chart.resize());
        observer.observe(element);
        dispose = () => {
          observer.disconnect();
          chart.dispose();
        };
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      dispose?.();
    };
  }, [kind, categories, series, reduceMotion, integers, lang]);

  const shown = kind === 'pie' ? series.slice(0, 1) : series;
  return (
    <figure aria-label={title} className="cf-chart-figure">
      {failed ? <Alert color="yellow">{t('ui.chart.loadFailed')}</Alert> : null}
      {/* The canvas says nothing to assistive technology: the table below is the text alternative. */}
      <div ref={container} className={`cf-chart cf-chart-${height}`} aria-hidden="true" />
      <details>
        <summary>{t('ui.chart.data', { title })}</summary>
        <ScrollFrame label={title} bare>
          <Table withTableBorder>
            <caption className="visually-hidden">{title}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">
                  <span className="visually-hidden">{title}</span>
                </Table.Th>
                {shown.map((s) => (
                  <Table.Th scope="col" key={s.name}>
                    {s.name}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {categories.map((category, i) => (
                <Table.Tr key={category}>
                  <Table.Th scope="row">{category}</Table.Th>
                  {shown.map((s) => (
                    <Table.Td key={s.name}>{formatValue(s.values[i])}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollFrame>
      </details>
    </figure>
  );
}
