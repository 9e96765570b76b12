import { formatTick, niceAxis } from './evidence-chart';
import type { Spread } from './lab-stats';

/**
 * Geometry for a line chart of a metric against a level that doubles from step
 * to step (offered rates 1, 2, 4, …): the x axis is logarithmic in base 2, so
 * the steps sit evenly; the y axis is linear from zero. Each series is a line
 * through the medians with a whisker from the minimum to the maximum across
 * repeats at every step. Pure numbers; the Astro component draws them.
 */
export interface CurveSeries {
	label: string;
	points: { level: number; spread: Spread }[];
}

export interface CurveGeometry {
	width: number;
	height: number;
	plot: { left: number; right: number; top: number; bottom: number };
	xTicks: { x: number; label: string }[];
	yTicks: { y: number; label: string }[];
	series: { label: string; path: string; points: { x: number; y: number; yMin: number; yMax: number }[] }[];
}

export function curveGeometry(series: readonly CurveSeries[], options: { width?: number; height?: number } = {}): CurveGeometry {
	const { width = 400, height = 260 } = options;
	// Room at the left for the y tick labels and axis title, below for the x ones.
	const plot = { left: 58, right: width - 12, top: 10, bottom: height - 46 };
	const levels = [...new Set(series.flatMap((line) => line.points.map((point) => point.level)))].sort((a, b) => a - b);
	const low = Math.log2(levels[0] ?? 1);
	const high = Math.max(low + 1, Math.log2(levels.at(-1) ?? 2));
	const x = (level: number) => plot.left + ((Math.log2(level) - low) / (high - low)) * (plot.right - plot.left);
	const axis = niceAxis(Math.max(0, ...series.flatMap((line) => line.points.map((point) => point.spread.max))), 4);
	const y = (value: number) => plot.bottom - (Math.max(0, value) / axis.max) * (plot.bottom - plot.top);
	const yTicks = Array.from({ length: Math.round(axis.max / axis.step) + 1 }, (_, index) => {
		const value = Number((index * axis.step).toPrecision(12));
		return { y: y(value), label: formatTick(value, axis.step) };
	});
	return {
		width,
		height,
		plot,
		xTicks: levels.map((level) => ({ x: x(level), label: formatTick(level, 1) })),
		yTicks,
		series: series.map((line) => {
			const points = [...line.points]
				.sort((a, b) => a.level - b.level)
				.map((point) => ({ x: x(point.level), y: y(point.spread.median), yMin: y(point.spread.min), yMax: y(point.spread.max) }));
			return {
				label: line.label,
				path: points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join(''),
				points,
			};
		}),
	};
}
