/**
 * The part of Apache ECharts the back office uses, registered once. Imported only dynamically
 * (components/chart.tsx), so ECharts stays in its own chunk, loaded by pages that draw a chart.
 * Canvas renderer: the SVG one writes style attributes the page's CSP refuses.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export { init };
