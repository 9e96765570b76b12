import type { Spread } from './lab-stats';

/**
 * Geometry for the evidence charts: one row per bar, the label on its own line
 * above a bar from zero to the median, and a whisker from the minimum to the
 * maximum across repeats. Pure numbers; the Astro component draws them.
 *
 * The chart is laid out in a viewBox narrow enough (400 units) that at 375 px
 * the text stays near its nominal size, with labels above bars instead of
 * beside them, so long setup names never squeeze the plot.
 */

export interface ChartRow {
	label: string;
	spread: Spread;
	/** Printed at the end of the label line, e.g. the formatted median. */
	valueLabel: string;
}

export interface ChartOptions {
	width?: number;
	/** Height of the label line above each bar. */
	labelHeight?: number;
	barHeight?: number;
	/** Space between one row's bar and the next row's label. */
	gap?: number;
	/** Room under the rows for the axis labels. */
	axisHeight?: number;
	/** Approximate tick count. */
	ticks?: number;
	/** Width kept at the right for each bar's value. */
	valueColumn?: number;
	/** Characters on one label line before it wraps (at 13 px, about what the viewBox holds). */
	labelChars?: number;
}

export interface Tick {
	value: number;
	x: number;
	label: string;
}

export interface RowGeometry extends ChartRow {
	/** Baseline of the label's first line. */
	labelY: number;
	/** The label broken at spaces into lines that fit the chart's width, each keeping its trailing space, so they join back into the label. */
	labelLines: string[];
	/** Distance between the label's line baselines. */
	lineHeight: number;
	barY: number;
	barHeight: number;
	barWidth: number;
	/** Where the value label sits: right-aligned at the chart's edge, level with the bar. */
	valueX: number;
	valueY: number;
	/** The whisker: min to max, through the bar's middle. */
	whisker: { x1: number; x2: number; y: number; capTop: number; capBottom: number };
}

export interface ChartGeometry {
	width: number;
	height: number;
	plotLeft: number;
	plotRight: number;
	plotTop: number;
	plotBottom: number;
	/** Baseline of the tick labels. */
	axisLabelY: number;
	ticks: Tick[];
	rows: RowGeometry[];
}

/**
 * A "nice" upper bound and step for an axis from zero to `max`: steps of 1, 2
 * or 5 times a power of ten, about `count` of them.
 */
export function niceAxis(max: number, count = 4): { max: number; step: number } {
	// Below a nanounit the values are zero for a chart's purposes.
	if (!Number.isFinite(max) || max < 1e-9) return { max: 1, step: 0.25 };
	const rough = max / count;
	const power = 10 ** Math.floor(Math.log10(rough));
	const fraction = rough / power;
	const factor = fraction >= 7.5 ? 10 : fraction >= 3.5 ? 5 : fraction >= 1.5 ? 2 : 1;
	const step = factor * power;
	// Guard against floating error such as 0.30000000000000004 steps.
	const steps = Math.ceil(max / step - 1e-9);
	const top = Number((steps * step).toPrecision(12));
	return { max: top >= max ? top : Number(((steps + 1) * step).toPrecision(12)), step };
}

/** A tick label with as many decimals as the step needs: `0`, `0.5`, `1,000`. */
export function formatTick(value: number, step: number): string {
	let digits = 0;
	while (digits < 9 && Math.abs(Math.round(step * 10 ** digits) - step * 10 ** digits) > 1e-6) digits++;
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `label` in lines of at most `chars` characters, broken after spaces; a word longer than a line gets a line of its own. */
export function wrapLabel(label: string, chars: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of label.match(/\S+\s*/g) ?? [label]) {
		if (line !== '' && (line + word).trimEnd().length > chars) {
			lines.push(line);
			line = '';
		}
		line += word;
	}
	lines.push(line);
	return lines;
}

export function chartGeometry(rows: readonly ChartRow[], options: ChartOptions = {}): ChartGeometry {
	const { width = 400, labelHeight = 20, barHeight = 14, gap = 12, axisHeight = 24, ticks: tickCount = 4, valueColumn = 60, labelChars = 54 } = options;
	const lineHeight = labelHeight - 4;
	// Room at the left so the first tick label is not cut off, and at the right
	// for the values, so labels never collide with bars.
	const plotLeft = 4;
	const plotRight = width - valueColumn;
	const plotTop = 4;
	const highest = Math.max(0, ...rows.map((row) => Math.max(row.spread.max, row.spread.median)));
	const axis = niceAxis(highest, tickCount);
	const x = (value: number) => plotLeft + (Math.max(0, value) / axis.max) * (plotRight - plotLeft);

	// A row grows by a line for each line its label wraps onto.
	let top = plotTop;
	const geometry: RowGeometry[] = rows.map((row) => {
		const labelLines = wrapLabel(row.label, labelChars);
		const labelTop = top;
		const barY = labelTop + labelHeight + (labelLines.length - 1) * lineHeight;
		const middle = barY + barHeight / 2;
		top = barY + barHeight + gap;
		return {
			...row,
			labelLines,
			lineHeight,
			labelY: labelTop + labelHeight - 6,
			barY,
			barHeight,
			barWidth: x(row.spread.median) - plotLeft,
			valueX: width - 2,
			valueY: middle + 4,
			whisker: {
				x1: x(row.spread.min),
				x2: x(row.spread.max),
				y: middle,
				capTop: middle - barHeight / 2 - 2,
				capBottom: middle + barHeight / 2 + 2,
			},
		};
	});
	const plotBottom = top - gap + 4;
	const ticks: Tick[] = [];
	const steps = Math.round(axis.max / axis.step);
	for (let index = 0; index <= steps; index++) {
		const value = Number((index * axis.step).toPrecision(12));
		ticks.push({ value, x: x(value), label: formatTick(value, axis.step) });
	}
	return {
		width,
		height: plotBottom + axisHeight,
		plotLeft,
		plotRight,
		plotTop,
		plotBottom,
		axisLabelY: plotBottom + axisHeight - 6,
		ticks,
		rows: geometry,
	};
}
