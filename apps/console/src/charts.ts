/** ECharts, only the parts the dashboard uses (own chunk, loaded by the dashboard). */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Draws into `el`; returns a disposer. Tooltips render in the canvas (richText), never as HTML. */
export function drawChart(el: HTMLElement, option: ChartOption): () => void {
  const chart = echarts.init(el, undefined, { renderer: "canvas" });
  chart.setOption({ animation: false, tooltip: { trigger: "axis", renderMode: "richText" }, ...option });
  const onResize = () => chart.resize();
  addEventListener("resize", onResize);
  return () => {
    removeEventListener("resize", onResize);
    chart.dispose();
  };
}
