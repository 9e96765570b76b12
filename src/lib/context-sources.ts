/** A primary source a "Context" aside cites. */
export interface ContextSource {
	/** What the link points to, e.g. "Django 4.1 release notes". */
	title: string;
	/** An absolute https URL. */
	href: string;
}

/**
 * Primary sources cited by the "Context" asides (see ContextNote.astro), each
 * written once and referenced by key from the pages. Official documentation
 * and release notes only; the asides give the date they were checked.
 */
export const sources = {
	django30: {
		title: 'Django 3.0 release notes: ASGI support',
		href: 'https://docs.djangoproject.com/en/stable/releases/3.0/',
	},
	django31: {
		title: 'Django 3.1 release notes: asynchronous views and middleware',
		href: 'https://docs.djangoproject.com/en/stable/releases/3.1/',
	},
	django41: {
		title: 'Django 4.1 release notes: asynchronous ORM interface',
		href: 'https://docs.djangoproject.com/en/stable/releases/4.1/',
	},
	django52: {
		title: 'Django 5.2 release notes: long-term support release',
		href: 'https://docs.djangoproject.com/en/stable/releases/5.2/',
	},
	django60: {
		title: 'Django 6.0 release notes',
		href: 'https://docs.djangoproject.com/en/stable/releases/6.0/',
	},
	django61: {
		title: 'Django 6.1 release notes',
		href: 'https://docs.djangoproject.com/en/stable/releases/6.1/',
	},
	django62: {
		title: 'Django 6.2 release notes (in development)',
		href: 'https://docs.djangoproject.com/en/dev/releases/6.2/',
	},
	djangoAsync52: {
		title: 'Django 5.2 documentation: Asynchronous support',
		href: 'https://docs.djangoproject.com/en/5.2/topics/async/',
	},
	djangoAsync61: {
		title: 'Django 6.1 documentation: Asynchronous support',
		href: 'https://docs.djangoproject.com/en/6.1/topics/async/',
	},
	djangoAsgiDeployment: {
		title: 'Django documentation: How to deploy with ASGI',
		href: 'https://docs.djangoproject.com/en/stable/howto/deployment/asgi/',
	},
	djangoStreaming: {
		title: 'Django documentation: StreamingHttpResponse objects',
		href: 'https://docs.djangoproject.com/en/stable/ref/request-response/#streaminghttpresponse-objects',
	},
	channels: {
		title: 'Django Channels documentation',
		href: 'https://channels.readthedocs.io/en/latest/',
	},
	channels4: {
		title: 'Django Channels: 4.0.0 release notes (supported versions)',
		href: 'https://channels.readthedocs.io/en/latest/releases/4.0.0.html',
	},
	channelsConsumers: {
		title: 'Django Channels: Consumers',
		href: 'https://channels.readthedocs.io/en/latest/topics/consumers.html',
	},
	channelsLayers: {
		title: 'Django Channels: Channel layers',
		href: 'https://channels.readthedocs.io/en/latest/topics/channel_layers.html',
	},
	drfSerializers: {
		title: 'Django REST framework: Serializers',
		href: 'https://www.django-rest-framework.org/api-guide/serializers/',
	},
	ninja: {
		title: 'Django Ninja documentation',
		href: 'https://django-ninja.dev/',
	},
	ninjaV1: {
		title: "Django Ninja: what's new in 1.0 (Pydantic 2)",
		href: 'https://django-ninja.dev/whatsnew_v1/',
	},
	fastapiHome: {
		title: 'FastAPI documentation',
		href: 'https://fastapi.tiangolo.com/',
	},
	fastapiPydantic2: {
		title: 'FastAPI: Migrate from Pydantic v1 to Pydantic v2',
		href: 'https://fastapi.tiangolo.com/how-to/migrate-from-pydantic-v1-to-pydantic-v2/',
	},
	fastapiReleaseNotes: {
		title: 'FastAPI release notes',
		href: 'https://fastapi.tiangolo.com/release-notes/',
	},
	fastapiBenchmarks: {
		title: 'FastAPI documentation: Benchmarks',
		href: 'https://fastapi.tiangolo.com/benchmarks/',
	},
	fastapiAsync: {
		title: 'FastAPI documentation: Concurrency and async / await',
		href: 'https://fastapi.tiangolo.com/async/',
	},
	fastapiSse: {
		title: 'FastAPI documentation: Server-Sent Events',
		href: 'https://fastapi.tiangolo.com/tutorial/server-sent-events/',
	},
	fastapiWebSockets: {
		title: 'FastAPI documentation: WebSockets',
		href: 'https://fastapi.tiangolo.com/advanced/websockets/',
	},
	fastapiSql: {
		title: 'FastAPI documentation: SQL (relational) databases',
		href: 'https://fastapi.tiangolo.com/tutorial/sql-databases/',
	},
	fastapiDocker: {
		title: 'FastAPI documentation: FastAPI in containers (Docker)',
		href: 'https://fastapi.tiangolo.com/deployment/docker/',
	},
	fastapiMetadata: {
		title: 'FastAPI documentation: Metadata and Docs URLs',
		href: 'https://fastapi.tiangolo.com/tutorial/metadata/',
	},
} as const satisfies Record<string, ContextSource>;
