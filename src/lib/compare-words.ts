import { isStable, type Spread } from './lab-stats';

/**
 * Words from numbers: how the site describes one measured comparison between
 * two setups. Every comparative word about the lab's results ("about the
 * same", "within noise", "ahead", "far ahead") comes from `compareWords`, so
 * the same gap reads the same on every page and whichever framework leads.
 * Pure; safe in the browser.
 */

/**
 * Below this gap (the leader's median over the other's), the two are "about
 * the same": a ratio between 1/1.10 and 1.10, that is a difference of about
 * ±10 %, is within what the lab's repeats of one setup vary by on a shared
 * two-core machine.
 */
export const sameBand = 1.1;

/**
 * From this gap on, with every repeat led by the same side by at least
 * `sameBand` and a stable spread (`isStable`), the leader is "far ahead".
 */
export const farAhead = 2;

export type CompareWord = 'about the same' | 'within noise' | 'ahead' | 'far ahead';

export interface CompareSides {
	/** The numerator's name, such as "FastAPI on uvicorn". */
	a: string;
	/** The denominator's name. */
	b: string;
	/** What was compared and under which conditions: setup, client, concurrency, workload. */
	condition: string;
}

export interface CompareOptions {
	/** Whether a larger value of the metric is better (requests per second) or a smaller one (latency). Default: larger. */
	higherIsBetter?: boolean;
}

export interface Comparison {
	word: CompareWord;
	/** The side that measured better in the median; on an exact tie, the name that sorts first. */
	leader: string;
	other: string;
	/** The leader's median advantage as a factor of at least 1: 2.5 means 2.5 times as good. */
	gap: number;
	/** The sentence, without a full stop: "FastAPI was ahead of Django (requests per second, plain JSON, 64 connections)". */
	text: string;
}

/**
 * A ratio as a whole number of billionths of its natural logarithm, rounded
 * the same way on both sides of zero. On this scale 1/r is exactly -r (to the
 * billionth), where floating point may leave r and 1/(1/r) a unit apart; so a
 * gap and its mirror image always fall on the same side of a threshold.
 */
const logUnits = (ratio: number) => {
	const scaled = Math.log(ratio) * 1e9;
	return Math.sign(scaled) * Math.round(Math.abs(scaled));
};

/**
 * Describes a spread of per-repeat ratios A/B (median, minimum, maximum, see
 * `ratioSpread` in lab-stats.ts) in words:
 *
 * - "about the same": the median gap is under `sameBand` (±10 %), whichever side leads;
 * - "within noise": the median gap is wider, but the repeats straddle 1 (in some
 *   of them the other side was ahead), so there is no consistent leader;
 * - "far ahead": the median gap is at least `farAhead` (2×), even the
 *   leader's worst repeat is ahead by at least `sameBand`, and the repeats are
 *   stable (`isStable`): a size that varies more between repeats than a rerun
 *   may move would not survive one, while its direction can;
 * - "ahead": any other consistent lead of at least `sameBand`.
 *
 * Swapping A and B (ratio r becoming 1/r, minimum and maximum swapped and
 * inverted) changes nothing but which name comes where.
 */
export function compareWords(
	spread: Pick<Spread, 'median' | 'min' | 'max'>,
	sides: CompareSides,
	{ higherIsBetter = true }: CompareOptions = {},
): Comparison {
	const { median, min, max } = spread;
	if (![median, min, max].every((value) => Number.isFinite(value) && value > 0) || min > median || median > max) {
		throw new RangeError(`compareWords: not a spread of positive ratios (${min}, ${median}, ${max}) for ${sides.condition}`);
	}
	// "How much better A is than B", as log units: above 0, A is better.
	const sign = higherIsBetter ? 1 : -1;
	const centre = sign * logUnits(median);
	const [low, high] = higherIsBetter ? [logUnits(min), logUnits(max)] : [-logUnits(max), -logUnits(min)];
	// An exact tie has no leader; the names then go in sorted order, so that swapping A and B still changes nothing.
	const aLeads = centre === 0 ? sides.a.localeCompare(sides.b) <= 0 : centre > 0;
	const leader = aLeads ? sides.a : sides.b;
	const other = aLeads ? sides.b : sides.a;
	const gapUnits = Math.abs(centre);
	/** The leader's smallest advantage over the repeats: below 0, the other side led at least once. */
	const worst = aLeads ? low : -high;
	const band = logUnits(sameBand);

	let word: CompareWord;
	if (gapUnits < band) word = 'about the same';
	else if (worst < 0) word = 'within noise';
	else if (gapUnits >= logUnits(farAhead) && worst >= band && isStable(spread)) word = 'far ahead';
	else word = 'ahead';
	const gap = Math.exp(gapUnits / 1e9);

	const where = `(${sides.condition})`;
	const text =
		word === 'about the same'
			? `${leader} and ${other} were about the same ${where}`
			: word === 'within noise'
				? `${leader} and ${other} were within noise of each other ${where}: ${leader} led in the median, not in every repeat`
				: `${leader} was ${word} of ${other} ${where}`;
	return { word, leader, other, gap, text };
}
