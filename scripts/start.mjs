// `npm start`: installs what is missing, builds dist/, then serves the demo (www at /, dist at /leadscore/).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const [cmd, args] of [['bash', ['scripts/setup.sh']], [process.execPath, ['scripts/build.mjs']]]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`start: ${args[0]} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
const { url } = await startServer({
  port: Number(process.env.PORT || 8080),
  mounts: [['/leadscore/', path.join(root, 'dist')], ['/', path.join(root, 'www')]],
});
console.log(`leadscore demo: ${url}`);
