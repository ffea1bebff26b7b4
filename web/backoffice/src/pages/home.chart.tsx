import { useTranslation } from 'react-i18next';
import { Chart } from '../components/chart.tsx';

export interface Series {
  name: string;
  values: number[];
  color: string;
}

/**
 * A weekly bar chart on a home: the design system's Chart (ECharts loaded on first use, canvas
 * renderer under the page's CSP, the figures in a table for screen readers), with weeks as dates.
 */
export function WeeklyChart({ title, weeks, series }: { title: string; weeks: string[]; series: Series[] }) {
  const { i18n } = useTranslation('home');
  const label = (week: string) => new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${week}T00:00:00Z`));
  return <Chart title={title} kind="bar" categories={weeks.map(label)} series={series.map(({ name, values }) => ({ name, values }))} height="small" />;
}
