'use client';

import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface LatencySeries {
  label: string;
  /** Latency in ms per check, null where the operation failed or did not run. */
  values: (number | null)[];
  /** Checks where the operation failed. */
  failed: boolean[];
}

interface Props {
  /** Check times, seconds since the epoch, oldest first. */
  times: number[];
  series: LatencySeries[];
  failedLabel: string;
  /** The chart's accessible name; the table after it is its text alternative. */
  label: string;
}

// Primer's chart-friendly hues, light and dark: each keeps 3:1 against its background.
const COLORS = { light: ['#0969da', '#8250df', '#1a7f37', '#bc4c00'], dark: ['#4493f8', '#ab7df8', '#3fb950', '#f0883e'] };

/** Latency per operation over the kept checks, failures marked on the bottom line. uPlot loads with this component only. */
export function HealthLatencyChart({ times, series, failedLabel, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    let chart: uPlot | null = null;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
      const style = getComputedStyle(element);
      const ink = style.getPropertyValue('--fgColor-muted').trim() || (dark ? '#9198a1' : '#59636e');
      const danger = style.getPropertyValue('--fgColor-danger').trim() || '#d1242f';
      const colors = COLORS[dark ? 'dark' : 'light'];
      const failures = times.map((_, index) => (series.some((each) => each.failed[index]) ? 0 : null));
      const axis = { stroke: ink, grid: { stroke: dark ? '#3d444d' : '#d1d9e0', width: 1 }, ticks: { stroke: ink, width: 1 } };
      // Times in UTC and in the page's language, as the table beside the chart gives them.
      const clock = new Intl.DateTimeFormat(document.documentElement.lang || 'en', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hourCycle: 'h23' });
      chart = new UPlot(
        {
          width: Math.max(280, element.clientWidth),
          height: 240,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
          axes: [{ ...axis, values: (_u: uPlot, splits: number[]) => splits.map((at) => clock.format(at * 1000)) }, { ...axis, size: 56 }],
          series: [
            {},
            ...series.map((each, index) => ({ label: each.label, stroke: colors[index % colors.length], width: 2, spanGaps: false })),
            { label: failedLabel, stroke: danger, width: 0, points: { show: true, size: 10, stroke: danger, fill: danger } },
          ],
        },
        [times, ...series.map((each) => each.values), failures],
        element,
      );
      element.dataset.drawn = 'true';
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [times, series, failedLabel]);
  return (
    <div className="health-chart">
      <div ref={box} role="img" aria-label={label} className="health-chart__plot" />
      <ul className="health-chart__legend" aria-hidden="true">
        {series.map((each, index) => (
          <li key={each.label}>
            <span className={`health-chart__swatch health-chart__swatch--${index}`} />
            {each.label}
          </li>
        ))}
        <li>
          <span className="health-chart__swatch health-chart__swatch--failed" />
          {failedLabel}
        </li>
      </ul>
    </div>
  );
}
