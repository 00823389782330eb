// The layer rules of DESIGN.md "Architecture", checked on every `npm test` (the pretest step):
// `npm run lint:layers` names the file and the import that broke a rule. One rule a folder says
// what that folder may import; the last two forbid circles between files and between folders.
//
//   src/model       pure logic, imports nothing outside itself
//   src/i18n        the words, per language          → model
//   src/cli         errors and option parsing        → model, i18n
//   probes          the wire, both sides             → model, i18n (English texts the wire carries)
//   src/plan        loading and checking plan files  → model, cli, i18n
//   src/hub         the core, no terminal            → model, cli, i18n, plan, probes
//   src/documents   minutes, reports, status output  → model, cli, i18n, hub
//   src/dashboard   what a screen reads              → model, cli, i18n, plan, hub, probes
//   components      the terminal UI                  → model, dashboard, i18n
//   src/commands    the entries, mount components    → everything
const nodeIo = '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|cluster|dns|readline|tty)$';
const ui = ['^(ink|react)$', 'node_modules/(ink|react|react-reconciler|ink-[a-z-]+)/'];

/** A rule: files under `folder` import nothing in the project outside `allowed` (and themselves). */
function onlyImports(name, folder, allowed, comment) {
	return {
		name,
		severity: 'error',
		comment,
		from: {path: `^${folder}/`},
		to: {path: '^(src|components|probes)/', pathNot: [`^${folder}/`, ...allowed.map(a => `^${a}/`)]},
	};
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		onlyImports('model-imports-nothing-outside', 'src/model', [], 'src/model/ is pure logic by domain: nothing outside the model.'),
		onlyImports(
			'cli-is-low',
			'src/cli',
			['src/model', 'src/i18n'],
			'src/cli/ holds errors and option parsing every part uses: it reads the model and the words of its errors.',
		),
		onlyImports('i18n-words-only', 'src/i18n', ['src/model'], 'src/i18n/ words the model in each language: it reads the model only.'),
		onlyImports(
			'probes-are-the-wire',
			'probes',
			['src/model', 'src/i18n'],
			'probes/ is the wire of both sides: it reads the model and the words (for the English texts the wire carries), never the hub, screens or commands.',
		),
		onlyImports(
			'plan-loads-plans',
			'src/plan',
			['src/model', 'src/cli', 'src/i18n'],
			'src/plan/ loads and checks plan files: model, errors, and the words of its problems.',
		),
		onlyImports(
			'hub-is-the-core',
			'src/hub',
			['src/model', 'src/cli', 'src/i18n', 'src/plan', 'probes'],
			'src/hub/ is the core without a terminal: no screens, feeds, documents or commands.',
		),
		onlyImports(
			'documents-read-the-core',
			'src/documents',
			['src/model', 'src/cli', 'src/i18n', 'src/hub'],
			'src/documents/ writes minutes, reports and status output from the model and the journal.',
		),
		onlyImports(
			'dashboard-below-components',
			'src/dashboard',
			['src/model', 'src/cli', 'src/i18n', 'src/plan', 'src/hub', 'probes'],
			'src/dashboard/ is what a screen reads; it never imports the screens or the commands.',
		),
		onlyImports(
			'components-read-dashboard',
			'components',
			['src/model', 'src/dashboard', 'src/i18n'],
			'components/ is the terminal UI: it reads the model, the dashboard and the words only.',
		),
		{
			name: 'only-commands-mount-components',
			severity: 'error',
			comment: 'Only src/commands/ (the entries) mounts components/; nothing else in src/ or probes/ imports it.',
			from: {path: '^(src|probes)/', pathNot: '^src/(commands/|bin\\.ts$)'},
			to: {path: '^components/'},
		},
		{
			name: 'entries-only-at-src-top',
			severity: 'error',
			comment: 'src/ holds folders and the two entry points (bin.ts, agent-main.ts) only.',
			from: {path: '^src/[^/]+$', pathNot: '^src/(bin|agent-main)\\.ts$'},
			to: {},
		},
		{
			name: 'model-is-pure',
			severity: 'error',
			comment: 'src/model/ is pure logic: no Ink, React, ws, files or other node I/O.',
			from: {path: '^src/model/'},
			to: {
				path: [
					nodeIo,
					'^(ink|react|ws|execa|conf|env-paths|prom-client)$',
					'node_modules/(ink|react|ws|execa|conf|env-paths|prom-client)/',
				],
			},
		},
		{
			name: 'components-render-only',
			severity: 'error',
			comment: 'components/ render state and map keys to intents: no sockets or files.',
			from: {path: '^components/'},
			to: {path: [nodeIo, '^ws$', 'node_modules/ws/']},
		},
		{
			name: 'no-terminal-below-the-screens',
			severity: 'error',
			comment: 'Ink and React are for components/ and the commands that mount them.',
			from: {path: '^(src/(model|cli|plan|hub|documents|dashboard)|probes)/'},
			to: {path: ui},
		},
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'An import circle makes two modules one; move the shared types to a leaf file.',
			from: {},
			to: {circular: true},
		},
		{
			name: 'no-folder-circle',
			severity: 'error',
			comment: 'Folders import one way: a circle between folders (a → b → a, or longer) makes them one part.',
			scope: 'folder',
			from: {path: '^(src/[^/]+|components|probes)/?$'},
			to: {circular: true},
		},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		exclude: {path: '^(dist|node_modules|test)/'},
		tsPreCompilationDeps: true,
		tsConfig: {fileName: 'tsconfig.build.json'},
		moduleSystems: ['es6'],
	},
};
