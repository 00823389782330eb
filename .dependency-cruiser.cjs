// The layer rules of DESIGN.md "Architecture", checked on every `npm test` (the pretest step):
// `npm run lint:layers` names the file and the import that broke a rule.
const nodeIo = '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|cluster|dns|readline|tty)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'An import circle makes two modules one; move the shared types to a leaf file.',
			from: {},
			to: {circular: true},
		},
		{
			name: 'model-is-pure',
			severity: 'error',
			comment: 'src/model/ is pure logic: no Ink, React, ws, files or other node I/O, and nothing outside the model.',
			from: {path: '^src/model/'},
			to: {
				pathNot: '^src/model/',
				path: [nodeIo, '^(ink|react|ws|execa|conf|env-paths|prom-client)$', 'node_modules/(ink|react|ws|execa|conf|env-paths|prom-client)/', '^(src|components|probes)/'],
			},
		},
		{
			name: 'components-render-only',
			severity: 'error',
			comment: 'components/ render state and map keys to intents: no sockets, files, probes or hub core.',
			from: {path: '^components/'},
			to: {path: [nodeIo, '^ws$', 'node_modules/ws/', '^probes/', '^src/hub/']},
		},
		{
			name: 'hub-has-no-terminal',
			severity: 'error',
			comment: 'src/hub/ is the core without a terminal: no Ink, React, components or screen wiring.',
			from: {path: '^src/hub/'},
			to: {path: ['^(ink|react)$', 'node_modules/(ink|react|react-reconciler)/', '^components/', '^src/dashboard/']},
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
