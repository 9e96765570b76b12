/**
 * npm run lab [-- --smoke] [--workers N] [--threads N] [--repeats N]
 *             [--duration S] [--only WORKLOAD,…] [--port-base P] [--out FILE]
 *
 * Runs every server setup through every workload on 127.0.0.1 and writes one
 * results file (content/data/lab/ for a full run). Every process it starts is
 * stopped, by process group, when it finishes, fails or is interrupted.
 */
import { rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { labRun, type LabPoint, type LabSample, workloadIds, type WorkloadId } from '../../src/lib/lab-results.ts';
import { percentile } from '../../src/lib/lab-stats.ts';
import { probeLatency, runStreams } from './http-clients.ts';
import { busyFraction, describeMachine, loadAverage } from './machine.ts';
import { assertPortFree, waitUntil } from './ports.ts';
import { type Database, startDatabase } from './postgres.ts';
import { type ProcessGroup, runToCompletion, startGroup, stopAll, stopEverythingOnExit, stopGroup } from './processes.ts';
import { checkRootHasTools, findLabRoot, inRoot, labDir, type LabRoot } from './root.ts';
import { inProcessSetups, type ServerSetup, serverSetups } from './setups.ts';
import { type LoadPoint, type WorkloadPlan, workloadPlans } from './workloads.ts';
import { runWrk, summariseWrk } from './wrk.ts';

const projectDir = join(labDir, '..');
const busyMarker = '/tmp/fastapi-django-lab.busy';

const { values: args } = parseArgs({
	options: {
		smoke: { type: 'boolean', default: false },
		workers: { type: 'string', default: '2' },
		threads: { type: 'string', default: '16' },
		repeats: { type: 'string' },
		duration: { type: 'string' },
		only: { type: 'string' },
		'port-base': { type: 'string', default: '18900' },
		out: { type: 'string' },
	},
});

const positiveInt = (name: string, value: string | undefined, fallback: number) => {
	const number = Number(value ?? fallback);
	if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a whole number of at least 1, got "${value}"`);
	return number;
};

const smoke = args.smoke;
const settings = {
	workers: positiveInt('workers', args.workers, 2),
	threads: positiveInt('threads', args.threads, 16),
	repeats: positiveInt('repeats', args.repeats, smoke ? 1 : 5),
	durationSeconds: positiveInt('duration', args.duration, smoke ? 1 : 4),
	warmupSeconds: 1,
	upstreamDelayMs: 100,
	streamTokens: 50,
	streamGapMs: 20,
	streamCount: smoke ? 10 : 50,
	cpuIterations: 450_000,
	cpuWorkMs: 0,
	requestTimeoutSeconds: 10,
	busyThreshold: 0.25,
};
const ormIterations = smoke ? 5 : 200;
const portBase = positiveInt('port-base', args['port-base'], 18900);
const ports = { server: portBase, upstream: portBase + 1, database: portBase + 2 };
const only = args.only?.split(',').map((id) => id.trim()) ?? [...workloadIds];
for (const id of only) {
	if (!(workloadIds as readonly string[]).includes(id)) {
		throw new Error(`--only: unknown workload "${id}"; choose from ${workloadIds.join(', ')}`);
	}
}
const plans = workloadPlans.filter((plan) => only.includes(plan.id));

const appEnv = {
	PYTHONPATH: '/lab/apps',
	DJANGO_SETTINGS_MODULE: 'djangolab.settings',
	LAB_UPSTREAM_URL: `http://127.0.0.1:${ports.upstream}`,
	LAB_UPSTREAM_DELAY_MS: String(settings.upstreamDelayMs),
	LAB_PG_PORT: String(ports.database),
	LAB_CPU_ITERATIONS: String(settings.cpuIterations),
};

// Progress: each step has an expected cost in seconds; the time left is
// re-estimated from how long the finished steps really took.
const progress = { plannedSeconds: 0, doneSeconds: 0, startedAt: performance.now(), steps: 0, done: 0 };
const pointSeconds = (point: LoadPoint) =>
	point.load === 'streams' ? 4 : settings.warmupSeconds + settings.durationSeconds + 1.2;
for (const plan of plans) {
	for (const setup of serverSetups) {
		const points = plan.points(setup, settings.streamCount);
		const starts = new Set(points.map((point) => point.scenario)).size;
		progress.plannedSeconds += settings.repeats * (3 * starts + points.reduce((sum, point) => sum + pointSeconds(point), 0));
		progress.steps += settings.repeats * points.length;
	}
	if (plan.id === 'orm-queries') progress.plannedSeconds += settings.repeats * (smoke ? 3 : 25);
}

function report(step: string, seconds: number): void {
	progress.done++;
	progress.doneSeconds += seconds;
	const elapsed = (performance.now() - progress.startedAt) / 1000;
	// Planned costs weigh the steps; the pace comes from the steps already done.
	const left = Math.max(0, (progress.plannedSeconds - progress.doneSeconds) * (elapsed / Math.max(1, progress.doneSeconds)));
	const minutes = Math.floor(left / 60);
	console.log(`[${progress.done}/${progress.steps}] ${step} · about ${minutes}m${String(Math.round(left % 60)).padStart(2, '0')}s left`);
}

async function machineBeforePoint(): Promise<{ busyBefore: number; loadBefore: number; flagged: boolean }> {
	// A smoke run checks answers, not speed: it records the load and moves on.
	if (smoke) return { busyBefore: await busyFraction(200), loadBefore: loadAverage(), flagged: false };
	for (let attempt = 0; attempt < 3; attempt++) {
		const busyBefore = await busyFraction(smoke ? 300 : 1000);
		if (busyBefore <= settings.busyThreshold) return { busyBefore, loadBefore: loadAverage(), flagged: false };
		console.log(`  machine busy (${Math.round(busyBefore * 100)}% of cores) before the point; waiting`);
		await new Promise((resolve) => setTimeout(resolve, 3000));
	}
	return { busyBefore: await busyFraction(1000), loadBefore: loadAverage(), flagged: true };
}

async function getJson(url: string): Promise<unknown> {
	const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
	const text = await response.text();
	if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 500)}`);
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`GET ${url} did not answer JSON: ${text.slice(0, 500)}`);
	}
}

/** The first setup's answer per path: every other setup must answer the same. */
const referenceAnswers = new Map<string, { setup: string; body: unknown }>();

async function checkAnswer(setup: ServerSetup, point: LoadPoint, base: string, server: ProcessGroup): Promise<void> {
	if (!point.check) return;
	const body = await getJson(base + point.path).catch(async (error: unknown) => {
		// The server logs its traceback just after it answers.
		await new Promise((resolve) => setTimeout(resolve, 500));
		throw new Error(`${setup.id}: ${error instanceof Error ? error.message : String(error)}\nserver output:\n${server.outputTail()}`);
	});
	const problem = point.check(body);
	if (problem) throw new Error(`${setup.id} ${point.path}: wrong response: ${problem}`);
	const reference = referenceAnswers.get(point.scenario.replace(/^orm-sync\//, 'orm/'));
	if (!reference) referenceAnswers.set(point.scenario.replace(/^orm-sync\//, 'orm/'), { setup: setup.id, body });
	else if (!isDeepStrictEqual(reference.body, body) && !point.scenario.startsWith('upstream/')) {
		throw new Error(
			`${setup.id} ${point.path}: answer differs from ${reference.setup}'s:\n${JSON.stringify(body).slice(0, 400)}\n` +
				`vs\n${JSON.stringify(reference.body).slice(0, 400)}`,
		);
	}
}

/**
 * Waits until the server has worked through requests a finished wrk run left
 * queued: a sync server keeps serving closed connections from its listen
 * backlog, which would otherwise weigh on the next measurement. A request
 * sent now is answered only once that queue is gone.
 */
async function drain(base: string): Promise<void> {
	const response = await fetch(`${base}/json`, { signal: AbortSignal.timeout(180_000) }).catch((error: unknown) => {
		throw new Error(`the server did not work through its queue within 180 s after a load run: ${String(error)}`);
	});
	await response.arrayBuffer();
}

async function measure(root: LabRoot, point: LoadPoint, base: string): Promise<Pick<LabSample, 'metrics' | 'counts'> & { problems: string[] }> {
	const url = base + point.path;
	if (point.load === 'streams') {
		const query = `?tokens=${settings.streamTokens}&gap_ms=${settings.streamGapMs}`;
		await runStreams(url + query, Math.min(5, point.concurrency), settings.streamTokens, 60_000);
		return runStreams(url + query, point.concurrency, settings.streamTokens, 60_000);
	}
	const wrk = (seconds: number) =>
		runWrk(root, {
			url,
			connections: point.concurrency,
			durationSeconds: seconds,
			timeoutSeconds: settings.requestTimeoutSeconds,
		});
	await wrk(settings.warmupSeconds);
	await drain(base);
	if (point.load === 'wrk') {
		const summary = summariseWrk(await wrk(settings.durationSeconds));
		await drain(base);
		return summary;
	}
	// The probe starts after wrk has filled the server and stops before wrk does.
	const probeMs = Math.max(300, settings.durationSeconds * 1000 - 1000);
	const [load, probe] = await Promise.all([
		wrk(settings.durationSeconds),
		new Promise((resolve) => setTimeout(resolve, 400)).then(() =>
			probeLatency(`${base}/json`, probeMs, 50, settings.requestTimeoutSeconds * 1000),
		),
	]);
	await drain(base);
	const summary = summariseWrk(load);
	if (probe.latencies.length > 0) {
		summary.metrics = {
			...summary.metrics,
			probeP50Ms: Math.round(percentile(probe.latencies, 50) * 10) / 10,
			probeP99Ms: Math.round(percentile(probe.latencies, 99) * 10) / 10,
		};
	}
	if (probe.latencies.length === 0) summary.problems.push('no probe request completed');
	return summary;
}

async function startServer(root: LabRoot, setup: ServerSetup) {
	await assertPortFree(ports.server, setup.id);
	const server = startGroup(setup.id, ...inRoot(root, setup.argv(settings, ports.server)), { ...appEnv, ...setup.env });
	const base = `http://127.0.0.1:${ports.server}`;
	try {
		await waitUntil(
			`${setup.id} server`,
			async () => (await fetch(`${base}/json`, { signal: AbortSignal.timeout(2000) })).ok,
			30_000,
			() => (server.child.exitCode !== null ? `exited before answering:\n${server.outputTail()}` : undefined),
		);
	} catch (error) {
		await stopGroup(server);
		throw error;
	}
	return { server, base };
}

const points = new Map<string, LabPoint>();

function addSample(workload: WorkloadId, scenario: string, setup: string, concurrency: number, sample: LabSample): void {
	const key = `${workload} ${scenario} ${setup} ${concurrency}`;
	const point = points.get(key) ?? { workload, scenario, setup, concurrency, samples: [] };
	point.samples.push(sample);
	points.set(key, point);
}

async function runScenario(root: LabRoot, plan: WorkloadPlan, setup: ServerSetup, scenarioPoints: LoadPoint[], repeat: number): Promise<void> {
	const { server, base } = await startServer(root, setup);
	try {
		for (const point of scenarioPoints) {
			const pointStart = performance.now();
			await checkAnswer(setup, point, base, server);
			const before = await machineBeforePoint();
			const result = await measure(root, point, base);
			if (server.child.exitCode !== null) throw new Error(`${setup.id} exited during the load:\n${server.outputTail()}`);
			// A smoke run is about answers: an error status or a broken stream stops it.
			// (A one-second point may legitimately complete nothing at high concurrency.)
			if (smoke && result.problems.length > 0) {
				throw new Error(`${setup.id} ${point.scenario} c=${point.concurrency}: ${result.problems.join('; ')}`);
			}
			addSample(plan.id, point.scenario, setup.id, point.concurrency, {
				repeat,
				metrics: result.metrics,
				counts: result.counts,
				machine: { busyBefore: Math.round(before.busyBefore * 1000) / 1000, loadBefore: before.loadBefore, loadAfter: loadAverage() },
				flagged: before.flagged,
			});
			const headline = result.metrics.rps !== undefined ? `${result.metrics.rps} req/s` : `first token p50 ${result.metrics.ttftP50Ms} ms`;
			const trouble = result.counts.failed + result.counts.timedOut > 0 ? `, ${result.counts.failed} failed, ${result.counts.timedOut} timed out` : '';
			report(`${plan.id} r${repeat} ${setup.id} ${point.scenario} c=${point.concurrency}: ${headline}${trouble}`, (performance.now() - pointStart) / 1000);
		}
	} finally {
		await stopGroup(server);
	}
	progress.doneSeconds += 3;
}

async function runServerWorkload(root: LabRoot, plan: WorkloadPlan, repeat: number): Promise<void> {
	// Rotating the order each repeat keeps any drift from favouring one setup.
	const order = serverSetups.map((_, i) => serverSetups[(i + repeat - 1) % serverSetups.length]!);
	for (const setup of order) {
		// A fresh server per scenario: requests a heavy point leaves running (an
		// async handler keeps awaiting its upstream after wrk hangs up) must not
		// weigh on the next scenario. Within a scenario concurrency only rises.
		const scenarios = Map.groupBy(plan.points(setup, settings.streamCount), (point) => point.scenario);
		for (const scenarioPoints of scenarios.values()) await runScenario(root, plan, setup, scenarioPoints, repeat);
	}
}

async function runInProcessOrm(root: LabRoot, repeat: number): Promise<void> {
	const before = await machineBeforePoint();
	const output = await runToCompletion(
		'in-process ORM timing',
		...inRoot(root, ['sh', '-c', `cd /lab/apps && python3 inprocess.py orm ${ormIterations}`]),
		10 * 60_000,
		appEnv,
	);
	const timings = JSON.parse(output) as Record<string, { ms: number[]; rows: unknown[] }>;
	for (const query of ['top-authors', 'recent-books']) {
		const reference = timings[`django-sync/${query}`]?.rows;
		for (const setup of inProcessSetups) {
			const result = timings[`${setup.key}/${query}`];
			if (!result) throw new Error(`in-process ORM timing printed nothing for ${setup.key}/${query}`);
			if (!isDeepStrictEqual(result.rows, reference)) {
				throw new Error(`in-process ${setup.key}/${query} returned different rows from the Django ORM's`);
			}
			addSample('orm-queries', `inprocess/${query}`, setup.id, 1, {
				repeat,
				metrics: {
					medianMs: Math.round(percentile(result.ms, 50) * 1000) / 1000,
					p90Ms: Math.round(percentile(result.ms, 90) * 1000) / 1000,
				},
				counts: { completed: result.ms.length, failed: 0, timedOut: 0 },
				machine: { busyBefore: Math.round(before.busyBefore * 1000) / 1000, loadBefore: before.loadBefore, loadAfter: loadAverage() },
				flagged: before.flagged,
			});
		}
	}
	progress.doneSeconds += smoke ? 3 : 25;
	console.log(`in-process ORM timings, repeat ${repeat}: done`);
}

async function versionsIn(root: LabRoot, database: Database | undefined): Promise<Record<string, string>> {
	const python = JSON.parse(
		await runToCompletion('versions', ...inRoot(root, ['sh', '-c', 'cd /lab/apps && python3 inprocess.py versions']), 60_000, appEnv),
	) as Record<string, string>;
	const wrk = (await runToCompletion('wrk version', ...inRoot(root, ['sh', '-c', 'wrk -v 2>&1 || true']), 10_000)).match(/wrk (\S+)/)?.[1];
	return {
		...python,
		...(database ? { postgresql: database.version } : {}),
		...(wrk ? { wrk } : {}),
		node: process.versions.node,
	};
}

async function main(): Promise<void> {
	stopEverythingOnExit();
	const startedAt = new Date();
	console.log(`lab: ${smoke ? 'smoke run' : 'full run'}: ${plans.map((plan) => plan.id).join(', ')}; ${settings.repeats} repeat(s) of ${settings.durationSeconds} s per point`);
	const root = findLabRoot();
	checkRootHasTools(root);
	for (const [use, port] of Object.entries(ports)) await assertPortFree(port, use);
	if (!smoke) {
		// Tells other work on the machine to hold off until this run ends, however it ends.
		await writeFile(busyMarker, `${process.pid}\n`);
		process.on('exit', () => rmSync(busyMarker, { force: true }));
	}

	const cpuSamples = JSON.parse(
		await runToCompletion('CPU calibration', ...inRoot(root, ['sh', '-c', 'cd /lab/apps && python3 inprocess.py cpu 15']), 60_000, appEnv),
	) as number[];
	settings.cpuWorkMs = Math.round(percentile(cpuSamples, 50) * 100) / 100;
	console.log(`CPU work: ${settings.cpuWorkMs} ms per call in one process`);

	const upstream = startGroup('upstream', process.execPath, [join(labDir, 'driver/upstream.ts'), String(ports.upstream)]);
	await waitUntil(
		'mock upstream',
		async () => (await fetch(`http://127.0.0.1:${ports.upstream}/health`)).ok,
		15_000,
		() => (upstream.child.exitCode !== null ? `exited:\n${upstream.outputTail()}` : undefined),
	);
	const database = plans.some((plan) => plan.needsDatabase) ? await startDatabase(root, ports.database) : undefined;
	try {
		const versions = await versionsIn(root, database);
		console.log(`versions: ${Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(', ')}`);
		for (const plan of plans) {
			for (let repeat = 1; repeat <= settings.repeats; repeat++) {
				await runServerWorkload(root, plan, repeat);
				if (plan.id === 'orm-queries') await runInProcessOrm(root, repeat);
			}
		}
		const finishedAt = new Date();
		const run = labRun.parse({
			schemaVersion: 1,
			kind: smoke ? 'smoke' : 'full',
			startedAt: startedAt.toISOString(),
			finishedAt: finishedAt.toISOString(),
			machine: {
				...describeMachine(),
				rootSuite: root.suite,
				coreSharing:
					'No pinning: the server workers, the wrk load generator (one thread), the mock upstream and PostgreSQL all share every core, the same way for every setup.',
			},
			versions,
			settings,
			setups: [
				...serverSetups.map((setup) => ({ id: setup.id, label: setup.label, kind: 'server', command: setup.argv(settings, ports.server).join(' ') })),
				...inProcessSetups.map((setup) => ({ id: setup.id, label: setup.label, kind: 'in-process', command: 'python3 lab/apps/inprocess.py orm' })),
			],
			points: [...points.values()],
		});
		const stamp = startedAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
		const out = args.out ?? (smoke ? join(projectDir, '.cache/lab/smoke.json') : join(projectDir, `content/data/lab/full-${stamp}.json`));
		await mkdir(dirname(out), { recursive: true });
		await writeFile(out, `${JSON.stringify(run, null, '\t')}\n`);
		const minutes = ((finishedAt.getTime() - startedAt.getTime()) / 60_000).toFixed(1);
		const flagged = run.points.flatMap((point) => point.samples).filter((sample) => sample.flagged).length;
		console.log(`lab: ${run.points.length} points in ${minutes} min, ${flagged} sample(s) flagged busy; wrote ${relative(process.cwd(), out)}`);
	} finally {
		await database?.stop();
		await stopGroup(upstream);
	}
}

main()
	.catch(async (error: unknown) => {
		console.error(`lab: stopped: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	})
	.finally(stopAll);
