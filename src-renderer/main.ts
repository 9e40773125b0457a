/** The renderer's entry: the same code runs in the desktop window and in a browser. */
import { mount } from 'svelte';
import { ChatClient } from '../src-shared/client/index.ts';
import './app.css';
import App from './App.svelte';
import { AppState } from './state/app.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const app = new AppState((options) => new ChatClient(options));
mount(App, { target, props: { app } });
