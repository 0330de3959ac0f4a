/**
 * Charts as inline SVG: Vega-Lite specs rendered in Node by Vega (no browser, no script in the
 * page), so a report opens offline and the same data give the same bytes.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

const CONFIG = {
  font: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 500 as const, gridColor: "#e5e7eb" },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: null },
  range: { category: ["#2563eb", "#f97316", "#10b981", "#a855f7", "#ef4444", "#64748b"] },
};

export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const full = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(full).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface Bar {
  label: string;
  value: number;
  lo?: number;
  hi?: number;
  colour?: string;
}

/** Horizontal bars with 95% interval whiskers. */
export function barsWithIntervals(
  title: string,
  bars: readonly Bar[],
  axis: string,
  format = ".0%",
): TopLevelSpec {
  const values = bars.map((b) => ({ ...b, colour: b.colour ?? "other" }));
  return {
    title,
    width: 420,
    height: { step: 26 },
    data: { values },
    encoding: { y: { field: "label", type: "nominal", sort: null, title: null, axis: { labelLimit: 340 } } },
    layer: [
      {
        mark: { type: "bar", height: 16, opacity: 0.85 },
        encoding: {
          x: { field: "value", type: "quantitative", title: axis, axis: { format } },
          color: { field: "colour", type: "nominal", legend: null },
        },
      },
      {
        mark: { type: "rule", strokeWidth: 1.5, color: "#111827" },
        encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 10, color: "#374151" },
        encoding: {
          x: { field: "hi", type: "quantitative" },
          text: { field: "value", type: "quantitative", format },
        },
      },
    ],
  } as TopLevelSpec;
}

export interface Series {
  x: number | string;
  y: number;
  series: string;
  lo?: number;
  hi?: number;
}

/** Lines, with an optional interval band per series. */
export function lines(
  title: string,
  points: readonly Series[],
  x: { title: string; type: "quantitative" | "ordinal"; format?: string },
  y: { title: string; format?: string },
): TopLevelSpec {
  const hasBand = points.some((p) => p.lo !== undefined);
  return {
    title,
    width: 480,
    height: 240,
    data: { values: points as unknown as Record<string, unknown>[] },
    encoding: {
      x: { field: "x", type: x.type, title: x.title, ...(x.format ? { axis: { format: x.format } } : {}) },
      color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom" } },
    },
    layer: [
      ...(hasBand
        ? [
            {
              mark: { type: "area" as const, opacity: 0.15 },
              encoding: {
                y: { field: "lo", type: "quantitative" as const },
                y2: { field: "hi" },
              },
            },
          ]
        : []),
      {
        mark: { type: "line", point: true },
        encoding: {
          y: {
            field: "y",
            type: "quantitative",
            title: y.title,
            ...(y.format ? { axis: { format: y.format } } : {}),
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Scored rows per 5-point score bucket, stacked by tier. */
export function scoreDistribution(
  title: string,
  buckets: ReadonlyArray<{ bucket: number; tier: string | null; count: number }>,
): TopLevelSpec {
  return {
    title,
    width: 480,
    height: 220,
    data: { values: buckets.map((b) => ({ ...b, tier: b.tier ?? "no tier" })) },
    mark: { type: "bar" },
    encoding: {
      x: { field: "bucket", type: "ordinal", title: "score (5-point buckets)" },
      y: { field: "count", type: "quantitative", title: "accounts", stack: "zero" },
      color: { field: "tier", type: "nominal", title: "tier" },
    },
  };
}
