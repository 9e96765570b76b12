import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measurementRules } from '../lab/experiment';
import { compareWords, farAhead, sameBand, type CompareWord } from '../src/lib/compare-words';

const sides = { a: 'Setup A', b: 'Setup B', condition: 'requests per second, plain JSON' };
const spread = (median: number, min = median, max = median) => ({ median, min, max });

/** A spread of positive per-repeat ratios, from about 1/50 to 50, its median between its ends. */
const ratio = fc.double({ min: Math.log(1 / 50), max: Math.log(50), noNaN: true }).map(Math.exp);
const anySpread = fc.tuple(ratio, ratio, ratio).map((values) => {
	const [min, median, max] = values.sort((x, y) => x - y);
	return spread(median!, min!, max!);
});

/** The same measurement seen from the other side: B/A instead of A/B. */
const swapped = ({ median, min, max }: { median: number; min: number; max: number }) => spread(1 / median, 1 / max, 1 / min);

describe('compareWords', () => {
	it.each<[string, ReturnType<typeof spread>, CompareWord, string]>([
		['a median gap under 10 %', spread(1.08, 1.02, 1.12), 'about the same', 'Setup A'],
		['a small gap the other way', spread(0.95, 0.9, 1.01), 'about the same', 'Setup B'],
		['a wide median gap with repeats on both sides of 1', spread(1.5, 0.8, 2.2), 'within noise', 'Setup A'],
		['a consistent lead of 10 % or more', spread(1.3, 1.15, 1.4), 'ahead', 'Setup A'],
		['a consistent lead for B', spread(0.7, 0.6, 0.8), 'ahead', 'Setup B'],
		['a lead of 2× or more in every repeat', spread(2.5, 2.3, 2.9), 'far ahead', 'Setup A'],
		['a 2× median whose worst repeat is only just ahead', spread(2.1, 1.05, 2.4), 'ahead', 'Setup A'],
		['a 2× lead for B', spread(0.25, 0.22, 0.28), 'far ahead', 'Setup B'],
		['a 2× lead in every repeat whose size varied more than a rerun may move', spread(2.5, 1.6, 3.5), 'ahead', 'Setup A'],
		['the same for B', spread(0.4, 0.25, 0.6), 'ahead', 'Setup B'],
	])('calls %s "%s"', (_, measured, word, leader) => {
		const result = compareWords(measured, sides);
		expect(result.word).toBe(word);
		expect(result.leader).toBe(leader);
	});

	it('puts the thresholds where the comments say', () => {
		expect(sameBand).toBe(1.1);
		expect(farAhead).toBe(2);
		expect(compareWords(spread(1.1), sides).word).toBe('ahead');
		expect(compareWords(spread(1.0999), sides).word).toBe('about the same');
		expect(compareWords(spread(2), sides).word).toBe('far ahead');
		expect(compareWords(spread(1.9999), sides).word).toBe('ahead');
	});

	it('names the leader, the other side and the condition in the sentence', () => {
		expect(compareWords(spread(2.5, 2.3, 2.9), sides).text).toBe(
			'Setup A was far ahead of Setup B (requests per second, plain JSON)',
		);
		expect(compareWords(spread(1.5, 0.8, 2.2), sides).text).toBe(
			'Setup A and Setup B were within noise of each other (requests per second, plain JSON): Setup A led in the median, not in every repeat',
		);
		expect(compareWords(spread(0.97, 0.9, 1.05), sides).text).toBe(
			'Setup B and Setup A were about the same (requests per second, plain JSON)',
		);
	});

	it('reads latency the other way round: a smaller time leads', () => {
		const slower = compareWords(spread(3, 2.7, 3.4), { ...sides, condition: 'time to first token' }, { higherIsBetter: false });
		expect(slower).toMatchObject({ word: 'far ahead', leader: 'Setup B', other: 'Setup A' });
		expect(slower.gap).toBeCloseTo(3, 6);
	});

	it('rejects what is not a spread of positive ratios', () => {
		expect(() => compareWords(spread(0), sides)).toThrow(RangeError);
		expect(() => compareWords(spread(1, 1.2, 1.3), sides)).toThrow(/not a spread/);
		expect(() => compareWords(spread(Number.NaN), sides)).toThrow(RangeError);
	});

	it('gives the same gap the same words whichever side leads: swapping A and B swaps only the names', () => {
		fc.assert(
			fc.property(anySpread, fc.boolean(), (measured, higherIsBetter) => {
				const forward = compareWords(measured, sides, { higherIsBetter });
				const backward = compareWords(swapped(measured), { ...sides, a: sides.b, b: sides.a }, { higherIsBetter });
				expect(backward.word).toBe(forward.word);
				expect(backward.gap).toBe(forward.gap);
				expect(backward.text).toBe(forward.text);
				expect([backward.leader, backward.other]).toEqual([forward.leader, forward.other]);
			}),
			{ numRuns: 5000 },
		);
	});

	it('never calls a side ahead unless it led the median by the band, and never far ahead when a repeat went the other way', () => {
		fc.assert(
			fc.property(anySpread, (measured) => {
				const { word, gap } = compareWords(measured, sides);
				// compareWords compares on a scale of billionths of a log ratio, so a ratio within
				// a billionth of a threshold counts as on it: the checks allow the same.
				const billionth = 1e-9;
				if (word !== 'about the same') expect(gap).toBeGreaterThanOrEqual(sameBand * (1 - billionth));
				const straddles = measured.min < 1 - billionth && measured.max > 1 + billionth;
				if (straddles && gap >= sameBand) expect(word).toBe('within noise');
				if (word === 'far ahead') expect(straddles).toBe(false);
				if (word === 'far ahead') expect(measured.max / measured.min).toBeLessThanOrEqual(measurementRules.stableSpan * (1 + billionth));
			}),
			{ numRuns: 2000 },
		);
	});
});
