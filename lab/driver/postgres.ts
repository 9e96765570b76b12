import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ProcessGroup, runToCompletion, startGroup, stopGroup } from './processes.ts';
import { waitUntil } from './ports.ts';
import type { LabRuntime } from './root.ts';

export interface Database {
	port: number;
	version: string;
	/** Its process group, for CPU accounting. */
	pgid: number;
	stop: () => Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster inside the root, on 127.0.0.1:port, loaded
 * with the lab's schema and seed (lab/apps/schema.sql). Deleted on stop.
 */
export async function startDatabase(runtime: LabRuntime, port: number): Promise<Database> {
	const dataDir = `/tmp/lab-pg-${process.pid}`;
	const [bin] = (
		await runToCompletion('find postgres', ...runtime.command(['sh', '-c', 'ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 | grep . || pg_config --bindir']), 10_000)
	)
		.trim()
		.split('\n');
	await runToCompletion(
		'prepare database folder',
		...runtime.command(['sh', '-c', `rm -rf ${dataDir} && mkdir -p ${dataDir} && (chown postgres:postgres ${dataDir} 2>/dev/null || true)`]),
		10_000,
	);
	await runToCompletion(
		'initdb',
		...runtime.asPostgres( [`${bin}/initdb`, '-D', dataDir, '-U', 'lab', '--auth=trust', '-E', 'UTF8', '--no-sync']),
		120_000,
	);
	const server: ProcessGroup = startGroup(
		'postgres',
		...runtime.asPostgres( [
			`${bin}/postgres`, '-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1',
			'-c', `unix_socket_directories=${dataDir}`, '-c', 'max_connections=200', '-c', 'shared_buffers=256MB',
		]),
	);
	const psql = (args: string[], what: string) =>
		runToCompletion(what, ...runtime.command([`${bin}/psql`, '-h', '127.0.0.1', '-p', String(port), '-U', 'lab', '-v', 'ON_ERROR_STOP=1', '-qAt', ...args]), 120_000);
	const stop = async () => {
		await stopGroup(server);
		await rm(join(runtime.rootPath ?? '/', dataDir), { recursive: true, force: true });
	};
	try {
		await waitUntil(
			'PostgreSQL',
			async () => {
				await psql(['-d', 'postgres', '-c', 'SELECT 1'], 'PostgreSQL readiness');
				return true;
			},
			30_000,
			() => (server.child.exitCode !== null ? `exited:\n${server.outputTail()}` : undefined),
		);
		await psql(['-d', 'postgres', '-c', 'CREATE DATABASE lab'], 'create database');
		await psql(['-d', 'lab', '-f', `${runtime.labPath}/apps/schema.sql`], 'load schema and seed');
		const version = (await psql(['-d', 'lab', '-c', 'SHOW server_version'], 'server version')).trim();
		return { port, version, pgid: server.child.pid!, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
