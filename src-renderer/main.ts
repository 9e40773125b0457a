/** The renderer's entry: the same code runs in the desktop window and in a browser. */
import { mount } from 'svelte';
import { ChatClient } from '../src-shared/client/index.ts';
import './app.css';
import App from './App.svelte';
import { AppState } from './state/app.svelte.ts';
import { getBridge } from './state/bridge.ts';
import { applyLocale } from './state/i18n.svelte.ts';
import { applyTheme, Prefs } from './state/prefs.svelte.ts';
import { settingsStoreFor } from './state/settings-store.ts';
import { Settings } from './state/settings.svelte.ts';

async function start(target: HTMLElement): Promise<void> {
  // The language and theme first, so the first frame is already in them.
  const prefs = new Prefs();
  applyLocale(prefs.language);
  applyTheme(prefs.theme);
  const bridge = getBridge();
  // The settings come first: the desktop app's are read through the bridge (and its clientId is
  // the one to present to hosts), so nothing connects before they are here.
  const store = settingsStoreFor(bridge);
  const stored = await Promise.resolve(store.load()).catch(() => ({}));
  const settings = new Settings(stored, store);
  const app = new AppState((options) => new ChatClient(options), window, { bridge, settings, prefs });
  mount(App, { target, props: { app } });
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
void start(target);
