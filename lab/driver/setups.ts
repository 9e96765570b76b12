/** How many processes and threads each server gets; the same for every setup. */
export interface ServerShape {
	workers: number;
	threads: number;
}

export interface ServerSetup {
	id: string;
	label: string;
	/** The server's command line inside the root. */
	argv: (shape: ServerShape, port: number) => string[];
	env: Record<string, string>;
}

const gunicorn = (app: string, workerArgs: string[], shape: ServerShape, port: number) => [
	'python3', '-m', 'gunicorn', app, '--chdir', '/lab/apps', '--bind', `127.0.0.1:${port}`, '--workers', String(shape.workers),
	...workerArgs, '--log-level', 'warning',
];

// uvloop and httptools: the fastest event loop and HTTP parser uvicorn supports.
const uvicorn = (app: string, shape: ServerShape, port: number) => [
	'python3', '-m', 'uvicorn', app, '--app-dir', '/lab/apps', '--host', '127.0.0.1', '--port', String(port),
	'--workers', String(shape.workers), '--loop', 'uvloop', '--http', 'httptools', '--log-level', 'warning', '--no-access-log',
];

export const serverSetups: readonly ServerSetup[] = [
	{
		id: 'django-sync',
		label: 'Django · gunicorn sync workers (WSGI)',
		argv: (shape, port) => gunicorn('djangolab.wsgi:application', ['--worker-class', 'sync'], shape, port),
		env: { LAB_DJANGO_VIEWS: 'sync' },
	},
	{
		id: 'django-gthread',
		label: 'Django · gunicorn threaded workers (WSGI)',
		argv: (shape, port) =>
			gunicorn('djangolab.wsgi:application', ['--worker-class', 'gthread', '--threads', String(shape.threads)], shape, port),
		env: { LAB_DJANGO_VIEWS: 'sync' },
	},
	{
		id: 'django-asgi',
		label: 'Django async views · uvicorn (ASGI)',
		argv: (shape, port) => uvicorn('djangolab.asgi:application', shape, port),
		env: { LAB_DJANGO_VIEWS: 'async' },
	},
	{
		id: 'fastapi',
		label: 'FastAPI · uvicorn (ASGI)',
		argv: (shape, port) => uvicorn('fastapilab.main:app', shape, port),
		env: {},
	},
];

/** The ORM variants timed inside one process (lab/apps/inprocess.py names them django-sync, …). */
export const inProcessSetups = [
	{ id: 'django-orm-sync', label: 'Django ORM, sync', key: 'django-sync' },
	{ id: 'django-orm-async', label: 'Django ORM, async API', key: 'django-async' },
	{ id: 'sqlalchemy-sync', label: 'SQLAlchemy 2, sync session', key: 'sqlalchemy-sync' },
	{ id: 'sqlalchemy-async', label: 'SQLAlchemy 2, async session', key: 'sqlalchemy-async' },
] as const;
