// Empty dist/ before a build that is packed, so no file of an older build (a module since moved
// or removed) is shipped.
import {rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

rmSync(fileURLToPath(new URL('../dist', import.meta.url)), {recursive: true, force: true});
