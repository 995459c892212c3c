import { render } from 'preact';
import { App } from './app';
import './app.css';

render(<App />, document.getElementById('root')!);

// The service worker keeps the app's shell for offline intake; the API's answers are never cached.
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
}
