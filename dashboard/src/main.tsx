/** Entry point: styles, the document language, and the app. */
import { render } from 'preact';
import '@picocss/pico/css/pico.min.css';
import './styles/base.css';
import './styles/pages.css';
import './styles/alerts.css';
import './styles/schedule.css';
import './styles/rollouts.css';
import './styles/reports.css';
import './styles/critical.css';
import { App } from './app.tsx';
import { getLang } from './i18n/index.ts';

document.documentElement.lang = getLang();
render(<App />, document.getElementById('app')!);
