import { mount } from 'svelte';
import { Engine } from './lib/engine';
import { createWorkerBackend } from './lib/engine/worker-backend';
import './ui/theme.css';

// Start DuckDB first: compiling its 34 MB of wasm is the longest part of a
// cold start, so it begins before the interface code is even evaluated.
const engine = new Engine(createWorkerBackend);
void engine.start().catch(() => undefined); // the interface reports a failed start

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const { default: App } = await import('./App.svelte');
mount(App, { target, props: { engine } });
