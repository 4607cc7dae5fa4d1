#!/usr/bin/env node
/**
 * `npm run test:model -- --runs 5000 [--seed 1] [--steps 14]`: the model-based
 * test of the application core (tests/unit/workbench-model.test.ts) with more
 * sequences than CI runs. A failure prints the seed that replays it.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};
const env = { ...process.env };
for (const [flag, variable] of [['runs', 'MODEL_RUNS'], ['seed', 'MODEL_SEED'], ['steps', 'MODEL_STEPS']]) {
  const value = option(flag);
  if (value !== undefined) {
    if (!/^\d+$/.test(value)) {
      console.error(`--${flag} takes a whole number`);
      process.exit(2);
    }
    env[variable] = value;
  }
}
// The interface's messages are compiled before Vitest runs (see vite.config.ts).
const messages = spawnSync('npm', ['run', 'i18n'], { stdio: 'inherit', env });
if (messages.status !== 0) process.exit(messages.status ?? 1);
const run = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'tests/unit/workbench-model.test.ts'], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
