import { mount } from 'svelte';
import { Engine } from './lib/engine';
import { createWorkerBackend } from './lib/engine/worker-backend';
import { startLocale } from './ui/i18n/locale.svelte';
import './ui/theme.css';

// Start DuckDB first: compiling its 34 MB of wasm is the longest part of a
// cold start, so it begins before the interface code is even evaluated.
const engine = new Engine(createWorkerBackend);
// The mark lets `npm run bench` read start-up time; the interface reports a failed start.
void engine.start().then(
  () => performance.mark('atalaya:engine-ready'),
  () => undefined,
);

// The interface's language (remembered, or the browser's), before any text is made.
startLocale();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const { default: App } = await import('./App.svelte');
mount(App, { target, props: { engine } });

// Offline support: the service worker (built into sw.js) caches the app after
// the first visit. Not in development, where files change on every edit.
// Registered once the engine is up: installing it downloads and stores every
// asset, the 34 MB of wasm among them, which on a first visit took about 2 s
// of CPU away from the engine's compile on two cores.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () =>
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => {
      console.warn('Offline support is unavailable:', error);
    });
  void engine.start().then(register, register);
}
