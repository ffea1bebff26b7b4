import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface Series {
  name: string;
  values: number[];
  color: string;
}

/**
 * A weekly bar chart drawn by Apache ECharts, loaded only when a home shows a chart. The chart is
 * hidden from assistive technology; the same figures are in a table beside it (WCAG 1.1.1), which
 * sighted keyboard users can open too.
 */
export function WeeklyChart({ title, weeks, series }: { title: string; weeks: string[]; series: Series[] }) {
  const { t, i18n } = useTranslation('home');
  const host = useRef<HTMLDivElement>(null);
  const label = (week: string) => new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${week}T00:00:00Z`));
  useEffect(() => {
    let disposed = false;
    let dispose: (() => void) | undefined;
    void import('echarts').then((echarts) => {
      if (disposed || !host.current) return;
      const chart = echarts.init(host.current, undefined, { renderer: 'svg' });
      chart.setOption({
        animation: false,
        grid: { left: 32, right: 8, top: 24, bottom: 24 },
        legend: series.length > 1 ? { top: 0, right: 0, textStyle: { color: '#1b1f24' } } : undefined,
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: weeks.map(label), axisLabel: { color: '#4a5361', fontSize: 11 } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#4a5361', fontSize: 11 } },
        series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: s.color }, barMaxWidth: 18 })),
      });
      const resize = () => chart.resize();
      window.addEventListener('resize', resize);
      dispose = () => {
        window.removeEventListener('resize', resize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose?.();
    };
    // Redrawn when the figures or the language change (arrays compared by content).
  }, [JSON.stringify(weeks), JSON.stringify(series), i18n.language]);
  return (
    <figure className="home-chart">
      <div ref={host} className="home-chart-canvas" aria-hidden="true" />
      <details className="home-chart-table">
        <summary>{t('chartAsTable', { title })}</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('week')}</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, i) => (
              <tr key={week}>
                <th scope="row">{label(week)}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.values[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
