/**
 * Sentences about the lab's results, written at build time from a run: each
 * names both setups, the metric and the condition (scenario, client,
 * concurrency), takes its comparative words from `compareWords` and its
 * figures from the per-repeat ratios. Data files name only what to compare,
 * so no figure or comparative word about the lab is typed by hand.
 */
import { levelWords } from '../../lab/experiment';
import { compareWords, type CompareWord } from './compare-words';
import { formatNumber, metricInfo, scenarioLabel } from './evidence-format';
import { selectPoints } from './evidence-views';
import { isStable, ratioSpread, unstableSizeWords } from './lab-stats';

type Run = Parameters<typeof selectPoints>[0];
type Workload = Parameters<typeof selectPoints>[1];

/** One comparison, as content/data files name it (see `labComparison` in src/build/content-schemas.ts). */
export interface LabComparison {
	workload: string;
	scenario: string;
	metric: string;
	/** Setup ids as the run names them. */
	a: string;
	b: string;
	/** Which concurrency level, when the scenario ran several (withdrawn figures are never chosen). */
	concurrency?: 'lowest' | 'highest';
}

export interface MeasuredSentence {
	/** The whole sentence, with a full stop. */
	text: string;
	word: CompareWord;
	/** The evidence page it comes from. */
	workload: string;
}

const setupName = (run: Run, id: string) => run.setups.find((setup) => setup.id === id)?.label;

/** The workload in a few words, so every sentence names what was measured; evidence.yaml has the full titles. */
const workloadWords: Record<string, string> = {
	'json-throughput': 'plain JSON',
	'upstream-wait': 'waiting on a model API',
	streaming: 'token streams',
	'cpu-bound': 'CPU work in the request',
	'orm-queries': 'relational queries',
	'model-api': 'calling a model API',
	'model-load': 'offered load on a model API call',
	'model-streams': 'token streams through the openai SDK',
	'model-disconnect': 'callers leaving mid-answer',
	'model-pool': 'a model API call through each connection pool',
};

/** Scenarios that are the whole of their workload, so their label would only repeat it. */
const soleScenarios = new Set(['json', 'stream']);

/**
 * The sentence for one comparison in `run`. Throws, naming `where` (the data
 * file and field), when the run has no such setups, scenario or metric: a
 * statement the published run cannot back must not be printed.
 */
export function measuredSentence(run: Run, spec: LabComparison, where: string): MeasuredSentence {
	const fail = (why: string) => {
		throw new Error(`${where}: ${why} in the published lab run (${spec.workload}, ${spec.scenario})`);
	};
	if (spec.a === spec.b) fail('compares a setup with itself');
	const [nameA, nameB] = [setupName(run, spec.a), setupName(run, spec.b)];
	if (!nameA || !nameB) fail(`no setup "${nameA ? spec.b : spec.a}"`);
	const points = selectPoints(run, spec.workload as Workload, { scenarios: [spec.scenario] });
	const levels = [...new Set(points.map((point) => point.concurrency))].sort((x, y) => x - y);
	if (levels.length === 0) fail('no measurement');
	if (levels.length > 1 && !spec.concurrency) fail(`several concurrency levels; say which (lowest or highest)`);
	const level = spec.concurrency === 'lowest' ? levels[0]! : levels.at(-1)!;
	const find = (setup: string) => points.find((point) => point.setup === setup && point.concurrency === level);
	const [pointA, pointB] = [find(spec.a), find(spec.b)];
	if (!pointA || !pointB) return fail(`no measurement of "${pointA ? spec.b : spec.a}" at the chosen concurrency`);
	let info;
	try {
		info = metricInfo(spec.metric);
	} catch {
		return fail(`no metric "${spec.metric}"`);
	}
	let spread;
	try {
		spread = ratioSpread(pointA, pointB, spec.metric);
	} catch (error) {
		return fail((error as Error).message);
	}

	const load = level === 1 && spec.workload !== 'model-load' ? 'one at a time' : levelWords(spec.workload as Workload, level);
	const metric = info.label.charAt(0).toLowerCase() + info.label.slice(1);
	const workload = workloadWords[spec.workload] ?? spec.workload;
	const what = soleScenarios.has(spec.scenario) ? workload : `${workload} (${scenarioLabel(spec.scenario)})`;
	const condition = `${metric}, ${what}, ${load}`;
	const higherIsBetter = info.better === 'higher';
	const result = compareWords(spread, { a: nameA!, b: nameB!, condition }, { higherIsBetter });
	// The leader's advantage per repeat, as factors of at least 1 when every repeat agreed.
	const better = higherIsBetter ? [spread.min, spread.max] : [1 / spread.max, 1 / spread.min];
	const [low, high] = result.leader === nameA ? better : [1 / better[1]!, 1 / better[0]!];
	const repeats = spread.n > 1 ? `, ${formatNumber(low!)}–${formatNumber(high!)}× across ${spread.n} repeats` : '';
	const unstable = isStable(spread) ? '' : `; ${unstableSizeWords}`;
	return { text: `${result.text}; gap ${formatNumber(result.gap)}× in the median${repeats}${unstable}.`, word: result.word, workload: spec.workload };
}
